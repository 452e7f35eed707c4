import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { buildResolvedWebhookBody } from '@carrot-bridge/carrotquest-fake';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const PASSWORD = 'browser-test-password';

// A marketer's whole set-up in a real browser (Debian chromium, headless), against the real console,
// ingress and worker processes: fill the form, meet a validation error, fix it, save, copy the webhook
// URL, then see the test chat arrive in the recent-chats list without reloading the page.
describe('integration page in a real browser', function () {
  const stack = new BrowserStack(PASSWORD);
  const fake = stack.fake;
  const apiKey = `app.4821.${randomUUID()}`;
  let catalog: AccountCatalog;
  let page: Page;
  let consoleUrl = '';
  let ingressUrl = '';

  before(async function () {
    await stack.start('browser');
    ({ page, consoleUrl, ingressUrl } = stack);
    fake.addFixtureChats(apiKey);
    fake.apps.get(apiKey)!.users.get('1038472615')!.props_custom = { [SESSION_PROPS.utmSource]: 'yandex' };
    catalog = await seedAccountCatalog(stack.t.db, {
      name: 'Браузерный тест',
      sources: [
        { name: 'Direct', group: 'Прямые заходы' },
        { name: 'Telegram', group: 'Мессенджеры' },
      ],
      employees: [{ name: 'Алексей Смирнов' }],
    });
  });

  after(() => stack.stop());

  it('sends a browser without credentials to the sign-in page', async () => {
    const answer = await fetch(consoleUrl, { redirect: 'manual' });
    expect([answer.status, answer.headers.get('location')]).to.deep.equal([302, '/sign-in']);
  });

  it('sets up an integration, shows a validation error next to its field, then saves', async () => {
    await page.goto(consoleUrl);
    // The page marks itself ready once the account, its catalog and its integrations are loaded.
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.$$eval('#defaultEmployeeId option', (options) => options.length)).to.equal(2);
    expect(await page.isVisible('#webhook-empty')).to.equal(true);

    await page.check('#active');
    await page.fill('#apiKey', apiKey);
    await page.click('#check-key');
    await page.waitForSelector('#key-status.valid');
    await page.selectOption('#defaultEmployeeId', catalog.employeeId);
    await page.check('input[name=trafficType][value=source]');
    await page.selectOption('#defaultSourceId', catalog.sourceId);
    // The site is left empty on purpose.
    await page.click('#add-mapping');
    await page.selectOption('#mappings tbody tr:nth-child(1) [data-field=messenger]', 'telegram');
    await page.selectOption('#mappings tbody tr:nth-child(1) [data-field=sourceId]', catalog.sourceIds[1]!);
    await page.selectOption('#mappings tbody tr:nth-child(1) [data-field=siteId]', catalog.siteId);
    await page.click('#save');
    await page.waitForSelector('[data-error=defaultSiteId]:not(:empty)');
    expect(await page.textContent('[data-error=defaultSiteId]')).to.equal('Обязательное поле');
    expect(await page.isVisible('#webhook-empty')).to.equal(true);

    await page.selectOption('#defaultSiteId', catalog.siteId);
    await page.click('#save');
    await page.waitForSelector('#webhook-filled:not([hidden])');
    expect(await page.textContent('[data-error=defaultSiteId]')).to.equal('');
    expect(await page.inputValue('#webhook-url')).to.match(
      new RegExp(`^${ingressUrl}/webhooks/carrotquest/[A-Za-z0-9_-]{32}$`),
    );
    expect(await page.textContent('#script')).to.contain('cb_session_id');
    expect(await page.isVisible('#script-section')).to.equal(true);
    expect(await page.getAttribute('#apiKey', 'placeholder')).to.contain('••••');
    expect(await page.content()).not.to.contain(apiKey);

    await page.click('#copy-webhook');
    // Locators, not string predicates: the page's CSP (script-src 'self') forbids the eval those need.
    await page.locator('#copy-webhook', { hasText: /^Скопировано$/ }).waitFor({ state: 'attached' });
    expect(await page.isVisible('#chats-empty')).to.equal(true);
  });

  it('shows the test chat arriving in the recent-chats list without a reload', async () => {
    const webhookUrl = await page.inputValue('#webhook-url');
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: loadWebhookBody(),
    });
    expect(((await response.json()) as { status: string }).status).to.equal('queued');
    await page.waitForSelector('#chats li', { timeout: 30_000 });
    const text = await page.textContent('#chats li');
    expect(text)
      .to.contain('Ирина Соколова')
      .and.to.contain('Виджет на сайте')
      .and.to.contain('по умолчанию')
      .and.to.contain('UTM: yandex');
    // A chat is one question; the conversation it belongs to is counted beside it; by the chat's start
    // (the fixture conversation started on 2025-11-25: not today's), with today's imports apart.
    expect(await page.textContent('#st-chats')).to.equal('0 / 0 (диалогов: 0 / 0) · импортировано сегодня: 1');
    expect(await page.textContent('dt:has(+ #st-chats)')).to.equal('Вопросов (чатов), начатых сегодня / за 7 дней');
    await page.screenshot({ path: '/tmp/carrot-bridge-settings-page.png', fullPage: true });
  });

  it('shows HTML from a chat as text, never as markup', async () => {
    const markup = '<img src=x onerror="window.__xss=1"><b>жирный</b>';
    fake.addChat(apiKey, {
      conversationId: '990001',
      userId: '990002',
      name: '<i>Хакер</i>',
      phone: '+79120000001',
      texts: [markup, 'Ответ'],
    });
    const webhookUrl = await page.inputValue('#webhook-url');
    await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: buildResolvedWebhookBody({ eventId: '990003', conversationId: '990001', userId: '990002' }),
    });
    const item = await page.waitForSelector('#chats li:has-text("Хакер")', { timeout: 30_000 });
    expect(await item.textContent())
      .to.contain('<i>Хакер</i>')
      .and.to.contain(markup);
    expect(await item.$$('img, b, i')).to.have.length(0);
    expect(await page.evaluate('typeof window.__xss')).to.equal('undefined');
    const stored = await stack.t.db.chatMessage.findFirst({
      where: { partId: { startsWith: '990001' } },
      orderBy: { sentAt: 'asc' },
    });
    expect(stored?.text).to.equal(markup);
  });

  it('shows the delivery log: a refused and an accepted delivery, the token redacted in the bodies', async () => {
    const webhookUrl = await page.inputValue('#webhook-url');
    const refused = new URLSearchParams(loadWebhookBody());
    refused.delete('event');
    const answer = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: refused.toString(),
    });
    expect(answer.status).to.equal(400);
    await page.waitForSelector('#deliveries tbody tr.refused', { timeout: 30_000 });
    const rows = await page.$$eval('#deliveries tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    // The reason in Russian (delivery-reasons.ts); the ingress's English text is the tooltip.
    expect(rows[0]).to.contain('400').and.to.contain('Нет поля «event»');
    expect(rows.some((row) => row.includes('200 принята') && row.includes('27364519'))).to.equal(true);
    const bodies = await page.$$eval('#delivery-bodies pre', (pres) => pres.map((pre) => pre.textContent ?? ''));
    const token = new URLSearchParams(loadWebhookBody()).get('token')!;
    expect(bodies.length).to.be.at.least(2);
    expect(bodies.join('\n')).not.to.contain(token);
    expect(bodies[0]).to.contain('token = [redacted]').and.to.contain('event_name = $conversation_part_group_closed');
    await page.click('#delivery-bodies details summary');
    await page.locator('#deliveries-panel').screenshot({ path: '/tmp/carrot-bridge-delivery-log.png' });
  });

  it('loads the history of a period with the backfill button and shows its progress', async () => {
    // Both fixture conversations (widget, Telegram) were created on 2025-11-25 and are closed; the one
    // above is recent, so it is read but not queued.
    await page.fill('#backfill-to', '2025-11-01');
    await page.fill('#backfill-from', '2025-12-01');
    await page.click('#backfill-start');
    // The period's message sits under the field it is about (issue #26).
    await page.locator('[data-backfill-error=to]', { hasText: /./ }).waitFor({ state: 'attached' });
    expect(await page.textContent('[data-backfill-error=to]')).to.equal('Конец периода раньше его начала');
    await page.fill('#backfill-from', '2025-11-01');
    await page.fill('#backfill-to', '2025-11-30');
    await page.click('#backfill-start');
    await page.locator('#backfill-status', { hasText: 'завершена' }).waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.textContent('#backfill-status')).to.match(
      /^100% · просмотрено 3, в очереди на импорт 2 · завершена$/,
    );
    expect(await page.$eval('#backfill-bar', (bar) => (bar as unknown as { value: number }).value)).to.equal(1);
  });
});
