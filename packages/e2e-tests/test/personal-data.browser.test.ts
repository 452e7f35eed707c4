import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@carrot-bridge/secrets';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const CONSOLE_PASSWORD = 'browser-test-password';
const PASSWORD = 'пароль редактора 2025';
const EDITOR = 'editor@personal-data.example';
const CQ_KEY = 'app.1.personal-data-browser-key';
const PHONE = '+79161234567';
const SHOTS = '/tmp/shots';

// Issue #25: «Персональные данные» on the integration page in a real browser (Debian chromium, headless)
// against the real console and worker: the operator sets the retention (and the status panel says it),
// a phone that is not one is refused beside its field, an erasure by phone in another spelling strips
// the seeded chat and lists its act, whose CSV link answers text/csv; an editor reads the acts only.
describe('«Персональные данные» in a real browser', function () {
  const stack = new BrowserStack(CONSOLE_PASSWORD);
  let catalog: AccountCatalog;
  let erasedChat = '';
  let otherChat = '';
  const contexts: BrowserContext[] = [];
  const basic = `Basic ${Buffer.from(`admin:${CONSOLE_PASSWORD}`).toString('base64')}`;

  /** One question of a visitor, with a message that names them. */
  const seedChat = (integrationId: string, conversationId: string, contacts: Record<string, string>) =>
    stack.t.db.chat.create({
      data: {
        accountId: catalog.accountId,
        integrationId,
        conversationId,
        questionId: 'g1',
        carrotUserId: conversationId + '0',
        channel: 'widget',
        startedAt: new Date(Date.now() - 3_600_000),
        attributionKind: 'default',
        sourceId: catalog.sourceId,
        siteId: catalog.siteId,
        messagesCount: 1,
        firstVisitorMessage: 'Перезвоните мне',
        ...contacts,
        messages: {
          create: [
            {
              partId: `${conversationId}-p1`,
              sentAt: new Date(),
              author: 'visitor',
              partType: 'reply_user',
              text: 'Перезвоните мне',
            },
          ],
        },
      },
    });

  /** Whether anything of the section reaches past the right edge of the screen. */
  const overflowing = (page: Page) =>
    page.evaluate(
      `[...document.querySelectorAll('#personal-data-panel, #personal-data-panel *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).length`,
    );

  before(async function () {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('personal_data_browser', { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Moscow' });
    stack.fake.addApp(CQ_KEY);
    catalog = await seedAccountCatalog(stack.t.db, { name: 'Магазин' });
    const created = await fetch(`${stack.consoleUrl}/api/accounts/${catalog.accountId}/integrations`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Сайт', apiKey: CQ_KEY, ...catalog.sourceTrafficDefaults() }),
    });
    expect(created.status).to.equal(201);
    const integrationId = ((await created.json()) as { id: string }).id;
    erasedChat = (await seedChat(integrationId, '7001', { contactName: 'Иван Петров', contactPhone: PHONE })).id;
    otherChat = (await seedChat(integrationId, '7002', { contactName: 'Мария', contactEmail: 'maria@example.com' })).id;
    const person = await stack.t.db.person.create({
      data: { email: EDITOR, passwordHash: await hashPassword(PASSWORD) },
    });
    await stack.t.db.membership.create({ data: { personId: person.id, accountId: catalog.accountId, role: 'editor' } });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await stack.stop();
  });

  it('sets the retention, refuses a non-phone beside its field, erases by phone and lists the act', async () => {
    const page = stack.page;
    await page.goto(`${stack.consoleUrl}/?account=${catalog.accountId}`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#personal-data-panel:not([hidden])');
    await page.locator('#retention-last', { hasText: 'не задан — переписка хранится всегда' }).waitFor();
    expect(await page.isVisible('#erasure-acts-empty')).to.equal(true);

    await page.fill('#retention-days', '30');
    await page.click('#retention-save');
    await page.locator('#retention-last', { hasText: 'Срок хранения переписки: 30 дн.' }).waitFor();
    expect((await stack.t.db.account.findUniqueOrThrow({ where: { id: catalog.accountId } })).retentionDays).to.equal(
      30,
    );
    // The status panel says the same (its next refresh, every 5 s), and the sweep's last run once there is one.
    await page.locator('#st-retention', { hasText: 'Срок хранения переписки: 30 дн.' }).waitFor();
    const run = new Date('2026-12-03T01:00:00.000Z');
    await stack.t.db.retentionState.create({
      data: { accountId: catalog.accountId, lastStartedAt: run, lastFinishedAt: run, lastErased: 12 },
    });
    await page
      .locator('#st-retention', {
        hasText: 'Срок хранения переписки: 30 дн.; последняя очистка 03.12.2026 04:00 — стёрто 12 чатов',
      })
      .waitFor();

    // Not a phone: the API's 422, in Russian, beside the value; nothing erased, no act.
    await page.selectOption('#erasure-kind', 'phone');
    await page.fill('#erasure-value', 'позвоните мне');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#erasure-submit');
    await page.locator('#erasure-value-error', { hasText: 'не номер телефона' }).waitFor();
    expect(await page.getAttribute('#erasure-value', 'class')).to.include('field-invalid');
    await page.locator('#erasure-box').screenshot({ path: `${SHOTS}/personal-data-422.png` });
    expect(await stack.t.db.personalDataErasure.count()).to.equal(0);

    // The phone in another spelling; the confirm says it cannot be undone.
    await page.fill('#erasure-value', '8 (916) 123-45-67');
    await page.selectOption('#erasure-requested-by', 'subject');
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.click('#erasure-submit');
    await page.locator('#erasure-result', { hasText: 'стёрто 1 чат' }).waitFor();
    expect(question).to.include('нельзя отменить');
    expect(await page.textContent('#erasure-value-error')).to.equal('');
    const row = page.locator('#erasure-acts tbody tr');
    await row.first().waitFor();
    expect(await row.count()).to.equal(1);
    expect(await row.first().innerText())
      .to.include('Телефон')
      .and.include('Сам человек')
      .and.not.include('916');

    const erased = await stack.t.db.chat.findUniqueOrThrow({ where: { id: erasedChat }, include: { messages: true } });
    expect([erased.contactPhone, erased.contactName, erased.firstVisitorMessage]).to.deep.equal([null, null, null]);
    expect(erased.messages.map((m) => m.text)).to.deep.equal([null]);
    const other = await stack.t.db.chat.findUniqueOrThrow({ where: { id: otherChat } });
    expect(other.contactEmail).to.equal('maria@example.com');

    // «Акт (CSV)»: the link the page shows answers text/csv, without the phone.
    const href = await row.first().locator('a', { hasText: 'Акт (CSV)' }).getAttribute('href');
    const csv = await page.request.get(new URL(href!, stack.consoleUrl).toString());
    expect(csv.status()).to.equal(200);
    expect(csv.headers()['content-type']).to.match(/^text\/csv/);
    const text = await csv.text();
    expect(text).to.include(erasedChat);
    expect(text).not.to.include('9161234567');

    await page.screenshot({ path: `${SHOTS}/personal-data-page-1280.png`, fullPage: true });
    await page.locator('#personal-data-panel').screenshot({ path: `${SHOTS}/personal-data-1280.png` });
    await page.locator('#status-panel').screenshot({ path: `${SHOTS}/status-panel-1280.png` });
    await page.setViewportSize({ width: 400, height: 800 });
    expect(await overflowing(page)).to.equal(0);
    await page.locator('#personal-data-panel').screenshot({ path: `${SHOTS}/personal-data-400.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('an editor reads the retention and the acts, and is offered no form', async () => {
    // Its own act and retention, over the API: an erasure that matches nobody still writes an act.
    const api = (method: string, path: string, body: unknown) =>
      fetch(`${stack.consoleUrl}/api/accounts/${catalog.accountId}/personal-data/${path}`, {
        method,
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    expect(await api('PUT', 'retention', { days: 30 })).to.equal(200);
    expect(await api('POST', 'erasures', { carrotUserId: '999999', requestedBy: 'operator' })).to.equal(201);
    const context = await stack.browser!.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.fill('#email', EDITOR);
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in-submit');
    await page.waitForURL(`${stack.consoleUrl}/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#personal-data-panel:not([hidden])');
    const act = page.locator('#erasure-acts tbody tr', { hasText: 'id пользователя CarrotQuest' });
    await act.waitFor();
    expect(await act.innerText())
      .to.include('Решение оператора')
      .and.include('Акт (CSV)');
    expect(await page.locator('#retention-last').innerText()).to.include('30 дн.');
    expect(await page.isDisabled('#retention-days')).to.equal(true);
    expect(await page.isVisible('#retention-save')).to.equal(false);
    expect(await page.isVisible('#erasure-form')).to.equal(false);
  });
});
