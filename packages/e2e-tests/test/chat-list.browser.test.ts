import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { seedAccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const CONSOLE_PASSWORD = 'browser-test-password';
const CQ_KEY = 'app.1.chat-list-browser-key';
const SHOTS = '/tmp/shots26';
const COUNT = 25;

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<unknown>;
};
declare const window: { innerWidth: number; getComputedStyle(element: unknown): { lineHeight: string } };

// Issue #26 point 1 in a real browser against the real console: «Чаты» newest started first, 20 and
// «Показать ещё», a filter that the address keeps over a reload, a search, a refused search next to its
// field; at 1280 and 400 px, no horizontal scroll, the start dates on one line.
describe('«Чаты» in a real browser', function () {
  const stack = new BrowserStack(CONSOLE_PASSWORD);
  let accountId = '';
  let integrationId = '';

  const items = (page: Page) => page.locator('#chats > li');
  const names = (page: Page) => page.locator('#chats > li .chat-open').allInnerTexts();
  const scroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  before(async function () {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('chat_list_browser');
    stack.fake.addApp(CQ_KEY);
    const catalog = await seedAccountCatalog(stack.t.db, { name: 'Магазин' });
    accountId = catalog.accountId;
    const created = await fetch(`${stack.consoleUrl}/api/accounts/${accountId}/integrations`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${CONSOLE_PASSWORD}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Сайт', apiKey: CQ_KEY, ...catalog.sourceTrafficDefaults() }),
    });
    expect(created.status).to.equal(201);
    integrationId = ((await created.json()) as { id: string }).id;
    // Chat i started i hours ago; imported oldest LAST (as a backfill would), every third a Telegram chat.
    for (let i = 0; i < COUNT; i += 1) {
      await stack.t.db.chat.create({
        data: {
          accountId,
          integrationId,
          conversationId: String(900_000_000_000 + i),
          carrotUserId: String(i),
          channel: i % 3 === 0 ? 'telegram' : 'widget',
          contactName: i === 7 ? 'Мария Иванова' : `Посетитель ${i}`,
          startedAt: new Date(Date.now() - i * 3_600_000),
          attributionKind: 'default',
          sourceId: catalog.sourceId,
          siteId: catalog.siteId,
          firstVisitorMessage: `Вопрос номер ${i}`,
          createdAt: new Date(Date.now() - (COUNT - i) * 1000),
        },
      });
    }
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(() => stack.stop());

  for (const width of [1280, 400]) {
    it(`at ${width} px: newest started first, pages, a filter kept over a reload, a search, errors by the field`, async () => {
      const page = stack.page;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${stack.consoleUrl}/?account=${accountId}&integration=${integrationId}`);
      await page.waitForSelector('body[data-ready=true]');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 20);
      expect((await names(page)).slice(0, 3)).to.deep.equal(['Посетитель 0', 'Посетитель 1', 'Посетитель 2']);
      const more = page.locator('#chats-more');
      expect(await more.isVisible()).to.equal(true);

      // The start date takes one line.
      const dates = await page.evaluate(() => {
        const spans = Array.from(document.querySelectorAll('#chats .meta .nowrap')) as Array<{
          getBoundingClientRect(): { height: number };
        }>;
        const lineHeight = parseFloat(window.getComputedStyle(spans[0]).lineHeight) || 16;
        return {
          count: spans.length,
          lineHeight,
          tallest: Math.max(...spans.map((s) => s.getBoundingClientRect().height)),
        };
      });
      expect(dates.count).to.equal(20);
      expect(dates.tallest, JSON.stringify(dates)).to.be.at.most(dates.lineHeight * 1.3);
      expect(await scroll(page)).to.be.at.most(0);
      await page
        .locator('#chats')
        .locator('..')
        .screenshot({ path: `${SHOTS}/B-chats-${width}.png` });

      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('#chats > li').length === n, COUNT);
      expect(await more.isHidden()).to.equal(true);
      expect((await names(page)).at(-1)).to.equal('Посетитель 24');

      // A filter: only Telegram; the address keeps it, and a reload shows the same list.
      await page.selectOption('#chat-filters [name=channel]', 'telegram');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 9);
      expect(page.url()).to.contain('chats_channel=telegram');
      await page.reload();
      await page.waitForSelector('body[data-ready=true]');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 9);
      expect(await page.inputValue('#chat-filters [name=channel]')).to.equal('telegram');
      expect(await names(page)).to.deep.equal([0, 3, 6, 9, 12, 15, 18, 21, 24].map((i) => `Посетитель ${i}`));

      // A search too short is refused next to its field; a real one finds the chat.
      await page.click('#chat-filters button[type=reset]');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 20);
      await page.fill('#chat-filters [name=search]', 'ив');
      const searchError = page.locator('#chat-filters .chat-filter-search .field-error');
      await searchError.waitFor({ state: 'visible' });
      expect(await searchError.innerText()).to.equal('Поиск: не короче 3 символов');
      await page.fill('#chat-filters [name=search]', 'иванова');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 1);
      expect(await names(page)).to.deep.equal(['Мария Иванова']);
      expect(await searchError.isHidden()).to.equal(true);
      expect(page.url()).to.contain('chats_q=');
      await page.fill('#chat-filters [name=search]', 'никого такого');
      await page.locator('#chats-nothing').waitFor({ state: 'visible' });
      expect(await items(page).count()).to.equal(0);
      expect(await scroll(page)).to.be.at.most(0);
      await page.fill('#chat-filters [name=search]', 'иванова');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 1);
      await page
        .locator('#chats')
        .locator('..')
        .screenshot({ path: `${SHOTS}/B-chats-${width}-search.png` });
      await page.click('#chat-filters button[type=reset]');
      await page.waitForFunction(() => document.querySelectorAll('#chats > li').length === 20);
    });
  }
});
