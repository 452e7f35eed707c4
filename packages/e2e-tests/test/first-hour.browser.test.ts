import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

// The browser globals the page functions below use (they run in Chromium, not in Node); declared here
// so that this file type-checks without putting the DOM library into the whole Node workspace.
declare const window: { innerHeight: number; innerWidth: number };
declare const document: { activeElement: { id: string } | null; documentElement: { scrollWidth: number } };
declare function getComputedStyle(node: unknown): { outlineStyle: string; color: string };

const PASSWORD = 'first-hour-password';
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const NO_CAMPAIGN = 'Посетители без рекламной кампании';

/** A chat's day as the report cuts it (Europe/Moscow, no DST since 2014: UTC+3). */
const moscowDay = (at: Date) => new Date(at.getTime() + 3 * 60 * 60 * 1000).toISOString().slice(0, 10);
const russianDate = (isoDay: string) => isoDay.split('-').reverse().join('.');

// Issue #15's "done when", in a real browser against real console, ingress and worker processes:
// fresh integration -> save with missing fields (the first is focused and visible) -> fix -> save ->
// webhook -> the chat's transcript -> the report shows it in the right bucket -> CSV equals the table.
describe('the first hour of a new user, in a real browser', function () {
  const stack = new BrowserStack(PASSWORD);
  const fake = stack.fake;
  const apiKey = `app.4821.${randomUUID()}`;
  let catalog: AccountCatalog;
  let page: Page;
  let consoleUrl = '';

  before(async function () {
    await stack.start('first_hour', { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    ({ page, consoleUrl } = stack);
    fake.addFixtureChats(apiKey);
    // Two sites, two system campaigns of the same name: only the site tells them apart. No source yet.
    catalog = await seedAccountCatalog(stack.t.db, {
      name: 'Первый час',
      sites: [{ domain: 'shop.example.ru' }, { domain: 'blog.example.ru' }],
      sources: [],
      employees: [{ name: 'Алексей Смирнов' }],
      tags: [],
    });
  });

  // A failed step shows what the processes said (a chat that never came is explained by the worker).
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });

  after(() => stack.stop());

  /** Whether the element is inside the viewport now (scrolled to, not merely present). */
  const inViewport = (selector: string) =>
    page.$eval(selector, (node) => {
      const r = node.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    });

  it('a save with missing fields names them all, scrolls to and focuses the first; the fix saves', async () => {
    await page.goto(consoleUrl);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.getAttribute('html', 'lang')).to.equal('ru');
    await page.check('#active');
    await page.check('input[name=trafficType][value=campaign]');
    // Each campaign says which site it belongs to.
    const options = await page.$$eval('#defaultCampaignId option', (list) => list.map((o) => o.textContent));
    expect(options).to.include.members([
      `${NO_CAMPAIGN} — shop.example.ru (системная)`,
      `${NO_CAMPAIGN} — blog.example.ru (системная)`,
    ]);
    await page.selectOption('#defaultEmployeeId', catalog.employeeId);
    // The API key and the campaign are left empty; the page is scrolled away from the key field.
    await page.click('#save');
    await page.locator('#save-result', { hasText: 'Исправьте 2 поля' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('apiKey');
    expect(await inViewport('#apiKey')).to.equal(true);
    expect(await page.$eval('#apiKey', (n) => getComputedStyle(n).outlineStyle)).to.equal('solid');
    expect(await page.textContent('[data-error=apiKey]')).to.equal('Обязательное поле');
    expect(await page.textContent('[data-error=defaultCampaignId]')).to.equal('Обязательное поле');
    expect(await page.getAttribute('#defaultCampaignId', 'class')).to.contain('field-invalid');
    await page.screenshot({ path: `${SHOTS}/first-hour-errors-1280.png` });

    await page.fill('#apiKey', apiKey);
    await page.selectOption('#defaultCampaignId', catalog.systemCampaignId);
    await page.click('#save');
    await page.waitForSelector('#webhook-filled:not([hidden])');
    expect(await page.textContent('#save-result')).to.equal('Сохранено');
  });

  it('the webhook brings a chat whose transcript opens with the attribution in one sentence', async () => {
    const response = await fetch(await page.inputValue('#webhook-url'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: loadWebhookBody(),
    });
    expect(response.status).to.equal(200);
    await page.waitForSelector('#chats li button.chat-open', { timeout: 30_000 });
    expect(await page.textContent('#chats li .meta')).to.contain(`${NO_CAMPAIGN} — shop.example.ru`);
    await page.click('#chats li button.chat-open');
    await page.locator('#transcript-attribution', { hasText: /./ }).waitFor();
    expect(await page.isVisible('#transcript')).to.equal(true);
    expect(await page.textContent('#transcript-title')).to.equal('Ирина Соколова');
    expect(await page.textContent('#transcript-attribution')).to.match(
      new RegExp(`^По умолчанию: .*записан в «${NO_CAMPAIGN}» \\(сайт shop\\.example\\.ru\\)`),
    );
    const messages = await page.$$eval('#transcript-messages li', (items) =>
      items.map((li) => ({
        kind: li.className,
        head: li.querySelector('.message-head')?.textContent ?? '',
        colour: getComputedStyle(li).color,
      })),
    );
    const stored = await stack.t.db.chatMessage.findMany({ where: { chat: { accountId: catalog.accountId } } });
    expect(messages).to.have.length(stored.length);
    expect(messages.some((m) => m.kind === 'message visitor' && m.head.startsWith('Посетитель · '))).to.equal(true);
    for (const m of messages) if (m.kind === 'message system') expect(m.colour).to.equal('rgb(138, 146, 163)');
    await page.locator('#transcript').screenshot({ path: `${SHOTS}/first-hour-transcript-1280.png` });
    await page.click('#transcript-close');
    expect(await page.isVisible('#transcript')).to.equal(false);
  });

  it('«Новая интеграция» shows no figures of the previous one', async () => {
    await page.locator('#st-chats', { hasText: /\d/ }).waitFor();
    expect(await page.isVisible('#status')).to.equal(true);
    await page.click('#new-integration');
    expect(await page.isVisible('#status')).to.equal(false);
    expect(await page.isVisible('#status-empty')).to.equal(true);
    await page.selectOption('#integration', { index: 0 });
    await page.waitForSelector('#webhook-filled:not([hidden])');
  });

  it('the report counts the chat in its campaign on its day, and the CSV is the table', async () => {
    const chat = await stack.t.db.chat.findFirstOrThrow({ where: { accountId: catalog.accountId } });
    const day = moscowDay(chat.startedAt);
    await page.click('#report-link');
    await page.waitForSelector('body[data-ready=true]');
    await page.fill('#from', day);
    await page.fill('#to', day);
    await page.selectOption('#dimension', 'campaign');
    await page.click('#show');
    await page.locator('#report-summary', { hasText: russianDate(day) }).waitFor();
    const table = await page.$$eval('#report-table tr', (rows) =>
      rows.map((row) =>
        Array.from(row.children as ArrayLike<{ textContent: string | null }>).map((cell) => cell.textContent ?? ''),
      ),
    );
    expect(table).to.deep.equal([
      ['День', `${NO_CAMPAIGN} — shop.example.ru`, 'Итого'],
      [russianDate(day), '1', '1'],
      ['Итого', '1', '1'],
    ]);
    expect(await page.$$eval('#chart rect', (rects) => rects.map((r) => r.getAttribute('data-series')))).to.deep.equal([
      catalog.systemCampaignId,
    ]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).to.equal(`chats-campaign-${day}-${day}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(
      csv
        .trimEnd()
        .split('\r\n')
        .map((line) => line.split(';')),
    ).to.deep.equal(table);
    await page.screenshot({ path: `${SHOTS}/first-hour-report-1280.png`, fullPage: true });
  });

  it('is usable at 400 px: nothing wider than the screen, on the settings page and the report', async () => {
    await page.setViewportSize({ width: 400, height: 800 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).to.be.at.most(0);
    await page.screenshot({ path: `${SHOTS}/first-hour-report-400.png`, fullPage: true });
    await page.goto(consoleUrl);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#chats li');
    expect(await overflow()).to.be.at.most(0);
    await page.screenshot({ path: `${SHOTS}/first-hour-settings-400.png`, fullPage: true });
    await page.locator('#status-panel').screenshot({ path: `${SHOTS}/first-hour-status-400.png` });
    await page.click('#chats li button.chat-open');
    await page.locator('#transcript-attribution', { hasText: /./ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/first-hour-transcript-400.png` });
    await page.click('#transcript-close');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/first-hour-settings-1280.png`, fullPage: true });
  });
});
