import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DeliveryLog, type DeliveryRecord } from '@carrot-bridge/delivery-log';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { requireEnv, seedAccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const CONSOLE_PASSWORD = 'browser-test-password';
const CQ_KEY = 'app.1.delivery-log-browser-key';
const SHOTS = '/tmp/shots26';
const COUNT = 30;

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<unknown>;
};
declare const window: { innerWidth: number; getComputedStyle(element: unknown): { lineHeight: string } };

/** What the ingress writes for each kind of delivery (apps/ingress: webhook answers and the domain's problems). */
const KINDS: Array<Omit<DeliveryRecord, 'at' | 'conversationId'>> = [
  {
    httpStatus: 200,
    status: 'queued',
    kind: 'event',
    eventName: '$conversation_part_group_closed',
    problem: null,
  },
  {
    httpStatus: 400,
    status: 'invalid_webhook',
    kind: 'event',
    eventName: '$conversation_part_group_closed',
    problem:
      'no conversation id in the delivery: searched event.props.$conversation_id, conversation.id, conversation.conversation',
  },
  {
    httpStatus: 415,
    status: 'unsupported_media_type',
    kind: null,
    eventName: null,
    problem: 'Content-Type must be one of application/json, application/x-www-form-urlencoded',
  },
  { httpStatus: 400, status: 'invalid_webhook', kind: null, eventName: null, problem: 'The body is not valid JSON' },
  {
    httpStatus: 200,
    status: 'ignored',
    kind: 'event',
    eventName: '$user_merged',
    problem: 'event $user_merged is not imported',
  },
];

// Issue #26 points 4 and 5: the delivery log in a real browser (Debian chromium, headless) against the
// real console, 30 deliveries in its Redis: a compact table at 1280 and 400 px, 20 rows and «Показать
// ещё», dates and ids on one line, no horizontal scroll of the page, the reasons in Russian.
describe('«Журнал доставок» in a real browser', function () {
  const stack = new BrowserStack(CONSOLE_PASSWORD);
  let accountId = '';
  let integrationId = '';

  const rows = (page: Page) => page.locator('#deliveries tbody tr');

  before(async function () {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('delivery_log_browser');
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
    // As the ingress writes them, oldest first, a minute apart; each with its body (token already out).
    const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
    await redisReady(redis);
    const log = new DeliveryLog(redis, stack.queuePrefix);
    for (let i = COUNT - 1; i >= 0; i -= 1) {
      const kind = KINDS[i % KINDS.length]!;
      const conversationId = kind.eventName ? String(710_000_000_000 + i) : null;
      const entry = { ...kind, at: new Date(Date.now() - i * 61_000).toISOString(), conversationId };
      const fields = { type: 'event', event_name: kind.eventName ?? '', conversation: conversationId ?? '' };
      await log.record(integrationId, entry, {
        body: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
        understood: { encoding: 'form', fields },
      });
    }
    // Two with a wrong token: counted, never listed (a flood of them cannot push the real ones out).
    for (const status of ['invalid_token', 'invalid_token'])
      await log.countUnauthenticated(integrationId, status, new Date().toISOString());
    redis.disconnect();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(() => stack.stop());

  for (const width of [1280, 400]) {
    it(`reads at ${width} px: 20 rows then «Показать ещё», one-line dates and ids, Russian reasons`, async () => {
      const page = stack.page;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${stack.consoleUrl}/?account=${accountId}&integration=${integrationId}`);
      await page.waitForSelector('body[data-ready=true]');
      await page.waitForSelector('#deliveries-panel:not([hidden]) #deliveries tbody tr');
      expect(await rows(page).count()).to.equal(20);
      const more = page.locator('#deliveries-more');
      expect(await more.isVisible()).to.equal(true);
      expect(await more.innerText()).to.equal('Показать ещё 10');
      expect(await page.innerText('#deliveries-unauthenticated')).to.match(
        /^Ещё 2 доставки без верного токена: не показаны, только сосчитаны \(последняя \d{2}\.\d{2}, \d{2}:\d{2}:\d{2}\)\.$/,
      );

      // A date and a conversation id take one line each: their cell is no taller than one line of its text.
      const heights = await page.evaluate(() =>
        ['.delivery-at', '.delivery-conversation', '.delivery-answer'].map((selector) => {
          const cells = Array.from(document.querySelectorAll(`#deliveries ${selector}`)) as Array<{
            getBoundingClientRect(): { height: number };
          }>;
          const lineHeight = parseFloat(window.getComputedStyle(cells[0]).lineHeight);
          return {
            selector,
            count: cells.length,
            lineHeight,
            tallest: Math.max(...cells.map((c) => c.getBoundingClientRect().height)),
          };
        }),
      );
      for (const h of heights) {
        expect(h.count, h.selector).to.equal(20);
        expect(h.lineHeight, h.selector).to.be.greaterThan(10);
        expect(h.tallest, `${h.selector} ${JSON.stringify(h)}`).to.be.at.most(h.lineHeight * 1.2);
      }
      const newest = await rows(page).first().innerText();
      expect(newest)
        .to.match(/\d{2}\.\d{2}, \d{2}:\d{2}:\d{2}/)
        .and.to.contain('200 принята')
        .and.to.contain('диалог 710000000000');

      const reasons = await page.locator('#deliveries .delivery-reason').evaluateAll((tds) =>
        (tds as unknown as Array<{ textContent: string; title: string }>).map((td) => ({
          text: td.textContent,
          title: td.title,
        })),
      );
      const given = reasons.filter((r) => r.text !== '');
      expect(given.length).to.equal(16);
      for (const r of given) {
        expect(r.text).to.match(/[а-яё]/i);
        expect(r.text).not.to.match(/The body|Content-Type must|no conversation id|is not imported/);
      }
      expect(given.map((r) => r.text)).to.include.members([
        'В доставке нет id диалога (искали: event.props.$conversation_id, conversation.id, conversation.conversation)',
        'Тело — некорректный JSON',
        'Событие «$user_merged» не импортируется',
      ]);
      // The English detail stays at hand, as the tooltip.
      expect(given.map((r) => r.title)).to.include('The body is not valid JSON');

      const scroll = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await scroll()).to.be.at.most(0);
      await page.locator('#deliveries-panel').screenshot({ path: `${SHOTS}/C-delivery-log-${width}.png` });

      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('#deliveries tbody tr').length === n, COUNT);
      expect(await more.isHidden()).to.equal(true);
      expect(await scroll()).to.be.at.most(0);

      // Each kept body names its kind and conversation.
      await page.click('#delivery-bodies details.delivery-bodies > summary');
      const summaries = await page.locator('#delivery-bodies details.delivery-body > summary').allInnerTexts();
      expect(summaries).to.have.length(20);
      expect(summaries[0]).to.contain('вопрос закрыт').and.to.contain('диалог 710000000000');
      await page.click('#delivery-bodies details.delivery-body > summary');
      expect(await scroll()).to.be.at.most(0);
      await page.locator('#deliveries-panel').screenshot({ path: `${SHOTS}/C-delivery-log-${width}-all.png` });
    });
  }
});
