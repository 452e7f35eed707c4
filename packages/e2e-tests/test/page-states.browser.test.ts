import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const PASSWORD = 'page-states-browser-password';
const SHOTS = '/tmp/shots26';

// Issue #26 points 6, 8 and 9 in a real browser against the real console: the key check and the status
// panel say the same thing without a save, the key's channels are listed, a switched-off integration
// looks off, the secrets are password fields with «показать», the webhook URL on 127.0.0.1 (the test's
// ingress) and a default campaign of another site are warned, and the favicon is served.
describe('states that agree and warnings on the integration page, in a real browser', function () {
  this.timeout(180_000);
  const stack = new BrowserStack(PASSWORD);
  const goodKey = `app.4821.${randomUUID()}`;
  let catalog: AccountCatalog;
  let page: Page;
  let consoleUrl = '';
  const ids = { on: '', off: '' };

  const authorization = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
  const post = async (path: string, body: unknown) => {
    const answer = await fetch(`${consoleUrl}/api/accounts/${catalog.accountId}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = (await answer.json()) as { id: string };
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(data)}`);
    return data;
  };
  const open = async (id: string) => {
    await page.goto(`${consoleUrl}/?account=${catalog.accountId}&integration=${id}`);
    await page.waitForSelector('body[data-ready=true]');
  };

  before(async function () {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('page-states');
    ({ page, consoleUrl } = stack);
    stack.fake.addApp(goodKey);
    catalog = await seedAccountCatalog(stack.t.db, {
      name: 'Состояния',
      sites: [{ domain: 'shop.example.ru' }, { domain: 'blog.example.ru' }],
    });
    const settings = {
      trafficType: 'campaign',
      defaultCampaignId: catalog.systemCampaignIds[0],
      defaultEmployeeId: catalog.employeeId,
      mappings: [{ messenger: 'telegram', campaignId: catalog.systemCampaignIds[1] }],
    };
    // Saved with a key CarrotQuest refuses: the panel says so until a good key is checked.
    ids.on = (await post('/integrations', { name: 'Рабочая', active: true, apiKey: 'refused-key', ...settings })).id;
    ids.off = (await post('/integrations', { name: 'Старая', active: true, apiKey: goodKey, ...settings })).id;
    await post(`/integrations/${ids.off}/deactivate`, {});
  });

  after(() => stack.stop());

  it('puts a checked key on the status panel at once and lists the channels it reaches', async () => {
    await open(ids.on);
    await page.locator('#st-key', { hasText: /^ключ недействителен/ }).waitFor();
    await page.fill('#apiKey', goodKey);
    await page.click('#check-key');
    await page.waitForSelector('#key-status.valid');
    expect(await page.textContent('#st-key')).to.equal(
      'ключ действителен (введённый ключ; сохраните, чтобы он заработал)',
    );
    const channels = await page.textContent('#key-channels');
    expect(channels).to.equal('Каналы в CarrotQuest: Сайт, Telegram «Telegram-бот», WhatsApp');
    // The next refresh of the panel keeps the typed key's verdict while the field holds it.
    await page.waitForResponse((r) => r.url().endsWith(`/integrations/${ids.on}/status`));
    await page.waitForTimeout(100);
    expect(await page.textContent('#st-key')).to.match(/^ключ действителен/);
    await page.locator('section', { has: page.locator('#apiKey') }).screenshot({ path: `${SHOTS}/G-key-check.png` });
    await page.locator('#status-panel').screenshot({ path: `${SHOTS}/G-key-panel.png` });
    // Saved, the panel says the stored key's state, as the server recorded it.
    await page.click('#save');
    await page.locator('#save-result', { hasText: /^Сохранено$/ }).waitFor();
    await page.locator('#st-key', { hasText: /^ключ действителен$/ }).waitFor();
  });

  it('hides the secrets behind «показать»', async () => {
    await open(ids.on);
    for (const field of ['#apiKey', '#webhookToken']) {
      expect(await page.getAttribute(field, 'type')).to.equal('password');
      const toggle = page.locator(`${field} + button.reveal`);
      expect(await toggle.textContent()).to.equal('показать');
      await toggle.click();
      expect(await page.getAttribute(field, 'type')).to.equal('text');
      expect(await toggle.textContent()).to.equal('скрыть');
      await toggle.click();
      expect(await page.getAttribute(field, 'type')).to.equal('password');
    }
  });

  it('warns of a webhook URL CarrotQuest cannot reach and of a default campaign of another site', async () => {
    await open(ids.on);
    expect(await page.inputValue('#webhook-url')).to.match(/^http:\/\/127\.0\.0\.1:/);
    expect(await page.isVisible('#webhook-warning')).to.equal(true);
    expect(await page.textContent('#webhook-warning')).to.contain('PUBLIC_BASE_URL');
    expect(await page.isVisible('#default-campaign-warning')).to.equal(true);
    expect(await page.textContent('#default-campaign-warning')).to.match(
      /^Кампания по умолчанию с сайта shop\.example\.ru, а сопоставления — с сайта blog\.example\.ru\./,
    );
    // The same site on both sides: no warning.
    await page.selectOption('#defaultCampaignId', catalog.systemCampaignIds[1]!);
    expect(await page.isHidden('#default-campaign-warning')).to.equal(true);
    await page.selectOption('#defaultCampaignId', catalog.systemCampaignIds[0]!);
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
      await page.locator('#settings').screenshot({ path: `${SHOTS}/G-settings-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows a switched-off integration as off, in the picker and over its form', async () => {
    await open(ids.off);
    expect(await page.isVisible('#inactive-banner')).to.equal(true);
    expect(await page.textContent('#inactive-banner')).to.match(/^Интеграция выключена/);
    expect(await page.textContent(`#integration option[value="${ids.off}"]`)).to.equal('Старая (выключена)');
    expect(await page.textContent(`#integration option[value="${ids.on}"]`)).to.equal('Рабочая');
    await page.screenshot({ path: `${SHOTS}/G-inactive-1280.png` });
    await open(ids.on);
    expect(await page.isHidden('#inactive-banner')).to.equal(true);
  });

  it('opens Bull Board with nothing asked of another origin and no CSP refusal', async () => {
    const board = await page.context().newPage();
    const elsewhere: string[] = [];
    const refusals: string[] = [];
    board.on('request', (request) => {
      if (!request.url().startsWith(consoleUrl) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    board.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusals.push(message.text());
    });
    await board.goto(`${consoleUrl}/admin/queues`);
    // The board drew its queues: its scripts ran under the CSP.
    await board.getByText('chat-import').first().waitFor();
    await board.screenshot({ path: `${SHOTS}/G-bull-board-1280.png` });
    await board.close();
    expect(elsewhere).to.deep.equal([]);
    expect(refusals).to.deep.equal([]);
  });

  it('serves the favicon as SVG, without a session too, and every page links it', async () => {
    const icon = await fetch(`${consoleUrl}/favicon.svg`);
    expect(icon.status).to.equal(200);
    expect(icon.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(await icon.text()).to.contain('<svg');
    await open(ids.on);
    expect(await page.getAttribute('link[rel=icon]', 'href')).to.equal('/favicon.svg');
    // The sign-in page as a browser without a session gets it; the report with one.
    for (const [path, headers] of [
      ['/sign-in', {}],
      ['/report.html', { authorization }],
    ] as const) {
      const html = await (await fetch(`${consoleUrl}${path}`, { headers, redirect: 'manual' })).text();
      expect(html, path).to.contain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    }
  });
});
