import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import { chatImportJobId, ChatImportProducer, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { requireEnv, seedAccountCatalog, waitFor } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
interface Box {
  getBoundingClientRect(): { height: number };
  previousElementSibling: unknown;
  parentElement: { contains(other: unknown): boolean } | null;
}
declare const document: {
  documentElement: { scrollWidth: number };
  querySelector(selector: string): Box | null;
  querySelectorAll(selector: string): ArrayLike<Box>;
};
declare const window: { innerWidth: number; getComputedStyle(element: unknown): { lineHeight: string } };

const PASSWORD = 'everyday-walk-password';
const CQ_KEY = 'app.1.everyday-walk-key';
const SHOTS = '/tmp/shots26';
/** The chat list with its filters: what the screenshots of «Чаты» hold. */
const CHATS = '#chats >> xpath=..';
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
/** A conversation the fake CarrotQuest does not have: its import gives up (NotFound), the key stays valid. */
const GONE = '7101';

// Issue #26's "Done when", walked as a user would on one stack (console, ingress, worker, fake
// CarrotQuest) in one page: the integration by its URL and a reload, a chat filter kept in the address,
// a transcript whose `chat=` survives a reload, its re-import, a failed job retried, the delivery log at
// 400 px, a refused then an accepted backfill. At each stop, at 1280 and 400 px, what a look would see:
// no horizontal scroll, dates and ids on one line, each error beside its field.
describe('the everyday walk of issue #26, in a real browser', function () {
  this.timeout(120_000);
  const stack = new BrowserStack(PASSWORD);
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const producer = new ChatImportProducer(redis, { prefix: stack.queuePrefix });
  let page: Page;
  let accountId = '';
  let integrationId = '';
  let mariaId = '';
  const gone = () => ({
    integrationId,
    conversationId: GONE,
    carrotUserId: null,
    eventId: `manual-${GONE}`,
    receivedAt: new Date().toISOString(),
  });
  const pageUrl = () => `${stack.consoleUrl}/?account=${accountId}&integration=${integrationId}`;
  const address = () => Object.fromEntries(new URL(page.url()).searchParams);
  const chatCount = (n: number) =>
    page.waitForFunction((n) => document.querySelectorAll('#chats > li').length === n, n);

  /** At 1280 and 400 px: no horizontal scroll; each selector's cells (at least one) one line high; `panel` shot. */
  const looks = async (what: string, panel: string, oneLine: string[] = []) => {
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(scroll, `${what}: horizontal scroll at ${width}px`).to.be.at.most(0);
      for (const selector of oneLine) {
        const cells = await page.evaluate((selector) => {
          const all = Array.from(document.querySelectorAll(selector));
          const lineHeight = all.length ? parseFloat(window.getComputedStyle(all[0]).lineHeight) : 0;
          return {
            count: all.length,
            lineHeight,
            tallest: Math.max(0, ...all.map((c) => c.getBoundingClientRect().height)),
          };
        }, selector);
        expect(cells.count, `${what}: ${selector}`).to.be.greaterThan(0);
        expect(cells.lineHeight, `${what}: ${selector}`).to.be.greaterThan(10);
        expect(cells.tallest, `${what}: ${selector} at ${width}px ${JSON.stringify(cells)}`).to.be.at.most(
          cells.lineHeight * 1.6,
        );
      }
      await page.locator(panel).screenshot({ path: `${SHOTS}/walk-${what.replace(/\W+/g, '-')}-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  /** The error is shown, says something, and sits right after its field or in the field's own container. */
  const besideItsField = async (error: string, field: string) => {
    const placed = await page.evaluate(
      ([error, field]) => {
        const e = document.querySelector(error);
        const f = document.querySelector(field);
        if (!e || !f) return 'missing';
        return e.previousElementSibling === f || !!e.parentElement?.contains(f as unknown) ? 'beside' : 'elsewhere';
      },
      [error, field] as const,
    );
    expect(placed, `${error} beside ${field}`).to.equal('beside');
    expect(await page.locator(error).isVisible(), `${error} shown`).to.equal(true);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('everyday_walk', { viewport: { width: 1280, height: 900 } });
    page = stack.page;
    stack.fake.addFixtureChats(CQ_KEY);
    const catalog = await seedAccountCatalog(stack.t.db, { name: 'Магазин' });
    accountId = catalog.accountId;
    const created = await fetch(`${stack.consoleUrl}/api/accounts/${accountId}/integrations`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Сайт', apiKey: CQ_KEY, active: true, ...catalog.sourceTrafficDefaults() }),
    });
    expect(created.status).to.equal(201);
    integrationId = ((await created.json()) as { id: string }).id;
    // Six chats, an hour apart, every other one from Telegram; long ids as CarrotQuest's are.
    for (let i = 0; i < 6; i += 1) {
      const chat = await stack.t.db.chat.create({
        data: {
          accountId,
          integrationId,
          conversationId: String(910_000_000_000 + i),
          carrotUserId: String(i),
          channel: i % 2 === 0 ? 'telegram' : 'widget',
          contactName: i === 2 ? 'Мария Иванова' : `Посетитель ${i}`,
          startedAt: new Date(Date.now() - i * 3_600_000),
          attributionKind: 'default',
          sourceId: catalog.sourceId,
          siteId: catalog.siteId,
          firstVisitorMessage: `Вопрос номер ${i}`,
        },
      });
      if (i === 2) mariaId = chat.id;
    }
    // Deliveries as the ingress writes them: one accepted, one refused with a reason.
    await redisReady(redis);
    const log = new DeliveryLog(redis, stack.queuePrefix);
    for (const [i, problem] of [null, 'The body is not valid JSON'].entries()) {
      const conversationId = problem ? null : String(710_000_000_000 + i);
      const fields = { type: 'event', event_name: '$conversation_started', conversation: conversationId ?? '' };
      await log.record(
        integrationId,
        {
          httpStatus: problem ? 400 : 200,
          status: problem ? 'invalid_webhook' : 'queued',
          kind: problem ? null : 'event',
          eventName: problem ? null : '$conversation_started',
          problem,
          at: new Date(Date.now() - i * 61_000).toISOString(),
          conversationId,
        },
        {
          body: new URLSearchParams(fields).toString(),
          contentType: 'application/x-www-form-urlencoded',
          understood: { encoding: 'form', fields },
        },
      );
    }
    // An import the worker gives up on: the conversation is gone from CarrotQuest.
    await producer.enqueue(gone());
    await waitFor(
      'the import of a gone conversation to fail',
      async () => (await producer.queue.getFailedCount()) === 1,
    );
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(async () => {
    await producer.queue.obliterate({ force: true });
    await producer.close();
    redis.disconnect();
    await stack.stop();
  });

  it('opens the integration by its URL and keeps it on reload', async () => {
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready=true]');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.inputValue('#integration')).to.equal(integrationId);
    expect(address()).to.deep.equal({ account: accountId, integration: integrationId });
    await chatCount(6);
    await looks('integration', CHATS, ['#chats .meta .nowrap']);
  });

  it('filters the chats; the filter stays in the address over a reload', async () => {
    await page.selectOption('#chat-filters [name=channel]', 'telegram');
    await chatCount(3);
    expect(address()).to.include({ chats_channel: 'telegram' });
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await chatCount(3);
    expect(await page.inputValue('#chat-filters [name=channel]')).to.equal('telegram');
    // A refused search says so beside its field.
    await page.fill('#chat-filters [name=search]', 'ив');
    await page.locator('[data-chat-error]', { hasText: 'не короче 3 символов' }).waitFor();
    await besideItsField('#chat-filters .chat-filter-search .field-error', '#chat-filters [name=search]');
    await looks('chat filters', CHATS, ['#chats .meta .nowrap']);
    await page.fill('#chat-filters [name=search]', '');
    await chatCount(3);
  });

  it('opens a transcript: `chat=` in the address, reopened by a reload; «Загрузить заново» queues it', async () => {
    await page.click(`#chats > li[data-chat-id="${mariaId}"] button.chat-open`);
    await page.locator('#transcript-title', { hasText: 'Мария Иванова' }).waitFor();
    expect(address()).to.include({ chat: mariaId, chats_channel: 'telegram' });
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await page.locator('#transcript[open] #transcript-title', { hasText: 'Мария Иванова' }).waitFor();
    expect(await page.textContent('#transcript-meta')).to.contain('диалог 910000000002');
    await page.click('#transcript-reimport');
    await page.locator('#transcript-action-result', { hasText: 'Загрузка чата поставлена в очередь' }).waitFor();
    await looks('transcript', '#transcript');
    await page.click('#transcript-close');
    await page.waitForURL((url) => !url.searchParams.has('chat'));
    expect(address()).to.not.have.property('chat');
  });

  it('«Повторить» puts the failed import back in the queue', async () => {
    const failed = page.locator(`#jobs li[data-state="failed"][data-job-id="${chatImportJobId(gone())}"]`);
    await failed.waitFor();
    expect(await failed.innerText()).to.contain(`диалог ${GONE}`);
    expect(await failed.locator('.job-reason').innerText()).to.match(/[а-яё]/i);
    await looks('jobs', '#jobs-panel');
    await failed.locator('button.job-retry').click();
    await page.locator('#jobs-result', { hasText: 'Снова в очереди: 1 задача' }).waitFor();
  });

  it('reads the delivery log at 400 px: dates and ids on one line, reasons in Russian', async () => {
    await page.waitForSelector('#deliveries-panel:not([hidden]) #deliveries tbody tr');
    expect(await page.locator('#deliveries tbody tr').count()).to.equal(2);
    expect(await page.innerText('#deliveries'))
      .to.contain('Тело — некорректный JSON')
      .and.contain('диалог 710000000000');
    await looks('delivery log', '#deliveries-panel', [
      '#deliveries .delivery-at',
      '#deliveries .delivery-conversation',
    ]);
  });

  it('a backfill with a bad period says so under the field; a good one starts', async () => {
    const start = async (from: string, to: string) => {
      await page.fill('#backfill-from', from);
      await page.fill('#backfill-to', to);
      await page.click('#backfill-start');
    };
    await start(day(2), day(9));
    await page.locator('[data-backfill-error=from]', { hasText: 'Период в будущем: загружать нечего' }).waitFor();
    await besideItsField('[data-backfill-error=from]', '#backfill-from');
    await page.locator('#backfill-panel').scrollIntoViewIfNeeded();
    await looks('backfill refused', '#backfill-panel');
    await besideItsField('[data-backfill-error=from]', '#backfill-from');

    await start(day(-30), day(-1));
    await page.locator('#backfill-status', { hasText: 'просмотрено' }).waitFor();
    expect(await page.textContent('[data-backfill-error=from]')).to.equal('');
    expect(await page.textContent('[data-backfill-error=to]')).to.equal('');
    await looks('backfill started', '#backfill-panel');
  });
});
