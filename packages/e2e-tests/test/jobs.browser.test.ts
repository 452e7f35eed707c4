import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Browser, Page } from 'playwright-core';
import {
  CHAT_IMPORT,
  chatImportJobId,
  ChatImportProducer,
  createRedisConnection,
  type ChatImportJobData,
} from '@carrot-bridge/queue';
import { hashPassword, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  requireEnv,
  startApps,
  waitFor,
  type AppProcess,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: { documentElement: { scrollWidth: number } };

const PASSWORD = 'jobs-browser-password';
const VIEWER = 'viewer@jobs.example';
const VIEWER_PASSWORD = 'пароль наблюдателя 2026';
const SHOTS = '/tmp/shots26';
const GIVE_UP = 'CarrotQuest rejected the API key: HTTP 401';

// Issue #26 «Задачи» in a real browser against the real console (no worker: the jobs stay as the test
// leaves them). Two imports failed as the worker fails them on a refused key: the page lists them with
// the reason in Russian (the worker's text in the tooltip), «Повторить» puts one back in the queue; the
// transcript's «Загрузить заново» queues the chat's import; a viewer sees neither button.
describe('«Задачи» and re-import from the transcript, in a real browser', function () {
  this.timeout(120_000);
  const secretsKey = randomBytes(32).toString('base64');
  const prefix = `jb-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const producer = new ChatImportProducer(redis, { prefix });
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let chatId = '';
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';

  const importOf = (conversationId: string): ChatImportJobData => ({
    integrationId: fx.integrationId,
    conversationId,
    carrotUserId: null,
    eventId: `manual-${conversationId}`,
    receivedAt: new Date().toISOString(),
  });
  const job = (state: string, conversationId: string) =>
    page.locator(`#jobs li[data-state="${state}"][data-job-id="${chatImportJobId(importOf(conversationId))}"]`);
  const pageUrl = () => `${consoleUrl}/?account=${fx.accountId}&integration=${fx.integrationId}`;
  const noHorizontalScroll = async (p: Page, width: number, what: string) => {
    await p.setViewportSize({ width, height: 900 });
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${what} at ${width}px`).to.be.at.most(width);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase('jobs_browser');
    fx = await insertIntegration(t.db, new SecretBox(secretsKey), `app.1.${randomUUID()}`, 'Задачи');
    const chat = await t.db.chat.create({
      data: {
        accountId: fx.accountId,
        integrationId: fx.integrationId,
        conversationId: '5001',
        carrotUserId: '1',
        channel: 'widget',
        startedAt: new Date(),
        attributionKind: 'default',
        sourceId: fx.sourceId,
        siteId: fx.siteId,
        contactName: 'Мария',
      },
    });
    chatId = chat.id;
    const viewer = await t.db.person.create({
      data: { email: VIEWER, passwordHash: await hashPassword(VIEWER_PASSWORD) },
    });
    await t.db.membership.create({ data: { personId: viewer.id, accountId: fx.accountId, role: 'viewer' } });
    // Two imports fail for good, as the worker's decision on a refused key fails them.
    await producer.enqueue(importOf('7101'));
    await producer.enqueue(importOf('7102'));
    const connection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const worker = new Worker(
      CHAT_IMPORT.queue,
      async () => {
        throw new UnrecoverableError(GIVE_UP);
      },
      { connection, prefix },
    );
    await waitFor('both imports to fail', async () => (await producer.queue.getFailedCount()) === 2);
    await worker.close();
    connection.disconnect();

    apps = await startApps([
      {
        name: 'console',
        env: {
          REDIS_URL: requireEnv('REDIS_URL'),
          DATABASE_URL: t.url,
          SECRETS_KEY: secretsKey,
          QUEUE_PREFIX: prefix,
          CONSOLE_PASSWORD: PASSWORD,
        },
      },
    ]);
    consoleUrl = apps[0]!.url;
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD },
      locale: 'ru-RU',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    await page.goto(`${consoleUrl}/operator`);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(apps.map((app) => app.log().slice(-3000)).join('\n'));
  });

  after(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await producer.queue.obliterate({ force: true });
    await producer.close();
    redis.disconnect();
    await t?.drop();
  });

  it('shows a failed import with its reason in Russian; «Повторить» moves it back to waiting', async () => {
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready=true]');
    const failed = job('failed', '7101');
    await failed.waitFor();
    const text = await failed.innerText();
    expect(text).to.contain('Загрузка чата').and.to.contain('ошибка').and.to.contain('диалог 7101');
    expect(text).to.contain('попыток: 1 из 25');
    const reason = failed.locator('.job-reason');
    expect(await reason.textContent()).to.equal(
      'CarrotQuest отклонил API-ключ: сохраните действующий ключ и повторите',
    );
    expect(await reason.getAttribute('title')).to.equal(GIVE_UP);
    expect(await page.textContent('#jobs-summary')).to.equal('ждут: 0 · повторятся: 0 · с ошибкой: 2');
    expect(await page.isVisible('#jobs-retry-all')).to.equal(true);
    for (const width of [1280, 400]) {
      await noHorizontalScroll(page, width, '«Задачи»');
      await page.locator('#jobs-panel').screenshot({ path: `${SHOTS}/D-jobs-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await failed.locator('button.job-retry').click();
    await job('waiting', '7101').waitFor();
    expect(await page.textContent('#jobs-result')).to.equal('Снова в очереди: 1 задача');
    expect(await (await producer.queue.getJob(chatImportJobId(importOf('7101'))))!.getState()).to.equal('waiting');
    expect(await (await producer.queue.getJob(chatImportJobId(importOf('7102'))))!.getState()).to.equal('failed');
    expect(await job('waiting', '7101').locator('button.job-retry').count()).to.equal(0);
    await page.locator('#jobs-panel').screenshot({ path: `${SHOTS}/D-jobs-retried-1280.png` });
  });

  it('the transcript’s «Загрузить заново» queues the import of its conversation', async () => {
    const open = page.locator(
      `[data-chat-id="${chatId}"] button.chat-open, button.chat-open[data-chat-id="${chatId}"]`,
    );
    await open.first().click();
    await page.locator('#transcript-title', { hasText: 'Мария' }).waitFor();
    expect(await page.isVisible('#transcript-reexport')).to.equal(true);
    await page.click('#transcript-reimport');
    await page.locator('#transcript-action-result', { hasText: 'Загрузка чата поставлена в очередь' }).waitFor();
    const queued = (await producer.queue.getJobs(['waiting'])).filter((j) => j.data.conversationId === '5001');
    expect(queued).to.have.length(1);
    expect(queued[0]!.data).to.include({ integrationId: fx.integrationId, carrotUserId: null });
    expect(queued[0]!.data.eventId).to.match(/^manual-\d+$/);
    for (const width of [1280, 400]) {
      await noHorizontalScroll(page, width, 'the transcript');
      await page.locator('#transcript').screenshot({ path: `${SHOTS}/D-transcript-${width}.png` });
    }
    // The new import is in «Задачи» too, waiting.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('#transcript-close');
    await page.locator('#jobs li[data-state="waiting"]', { hasText: 'диалог 5001' }).waitFor();
  });

  it('a viewer sees the jobs and the transcript without «Повторить» and the re-import buttons', async () => {
    const context = await browser!.newContext({ locale: 'ru-RU', viewport: { width: 400, height: 900 } });
    const viewer = await context.newPage();
    await viewer.goto(`${consoleUrl}/sign-in`);
    await viewer.fill('#email', VIEWER);
    await viewer.fill('#password', VIEWER_PASSWORD);
    await viewer.click('#sign-in-submit');
    await viewer.waitForURL((url) => url.pathname === '/');
    await viewer.goto(pageUrl());
    await viewer.waitForSelector('body[data-ready=true][data-read-only]');
    const failed = viewer.locator(`#jobs li[data-state="failed"]`, { hasText: 'диалог 7102' });
    await failed.waitFor();
    expect(await failed.locator('button.job-retry').count()).to.equal(1);
    expect(await failed.locator('button.job-retry').isVisible()).to.equal(false);
    expect(await viewer.isVisible('#jobs-retry-all')).to.equal(false);
    await noHorizontalScroll(viewer, 400, '«Задачи» of a viewer');
    await viewer.locator('#jobs-panel').screenshot({ path: `${SHOTS}/D-jobs-viewer-400.png` });
    const open = viewer.locator(
      `[data-chat-id="${chatId}"] button.chat-open, button.chat-open[data-chat-id="${chatId}"]`,
    );
    await open.first().click();
    await viewer.locator('#transcript-title', { hasText: 'Мария' }).waitFor();
    expect(await viewer.locator('#transcript-reimport').count()).to.equal(1);
    expect(await viewer.isVisible('#transcript-reimport')).to.equal(false);
    expect(await viewer.isVisible('#transcript-reexport')).to.equal(false);
    await context.close();
  });
});
