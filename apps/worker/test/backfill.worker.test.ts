import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import { claimBackfillRun, failBackfillRun, recordBackfillProgress, requestBackfillStop } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { waitFor } from '@carrot-bridge/test-support';
import {
  BACKFILL,
  backfillEventId,
  backfillJobId,
  BackfillScheduler,
  ChatImportProducer,
  chatImportJobId,
  type ChatImportJobData,
} from '@carrot-bridge/queue';
import { backfillHandler, decideBackfillFailure } from '../src/backfill/backfill.handler';
import { BackfillUseCase, type BackfillDeps } from '../src/backfill/backfill.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';
import { WorkerHarness } from './worker-harness';

const KEY = `app.4821.backfill-${randomUUID()}`;
const day = (d: string) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000);
const JANUARY = { from: new Date('2026-01-01'), to: new Date('2026-01-31T23:59:59Z') };

// The backfill's scan (the worker's job) on real PostgreSQL and Redis against the fake CarrotQuest's
// conversation list. Its imports go to a queue of their own prefix, so they wait there to be counted.
describe("backfill of past CarrotQuest conversations (the worker's run)", function () {
  this.timeout(60_000);
  const h = new WorkerHarness();
  let imports: ChatImportProducer;
  let integrationId = '';
  let accountId = '';
  /** Conversations updated since 1 January and created by its end: where January's questions can be. */
  const january: string[] = [];
  /** Conversations last updated on or after 1 January: all the scan may read. */
  let updatedSinceStart = 0;

  before(async () => {
    await h.start();
    imports = new ChatImportProducer(h.producerRedis, { prefix: `${h.prefix}-bf` });
    const integration = await h.createIntegration(KEY);
    integrationId = integration.id;
    accountId = integration.accountId;
    // Months of older history that a January backfill must never read.
    for (let i = 0; i < 1_000; i += 1)
      h.fake.addChat(KEY, {
        conversationId: String(600_000 + i),
        userId: String(500_000 + i),
        createdAt: day('2025-06-01') + i * 600,
        messages: 1,
      });
    for (let i = 0; i < 130; i += 1) {
      // Ids run against update order: a higher id is not a later update.
      const id = String(700_129 - i);
      const created =
        i < 10
          ? day('2025-12-20')
          : i >= 120
            ? day('2026-02-10')
            : day(`2026-01-${String(1 + (i % 28)).padStart(2, '0')}`);
      // Some December chats got a reply in January, some January ones in February: update order differs from creation order.
      const lastUpdate =
        i < 10 ? created + (i % 2 === 0 ? 20 * 86_400 : 3_600) : i % 3 === 0 ? created + 20 * 86_400 : created + 600;
      if (lastUpdate >= day('2026-01-01') - 12 * 3_600) updatedSinceStart += 1;
      h.fake.addChat(KEY, { conversationId: id, userId: String(800_000 + i), createdAt: created, lastUpdate });
      // Every 25th conversation is still open: its earlier questions are over, the import sees to the rest.
      if (i % 25 === 0) h.fake.apps.get(KEY)!.conversations.get(id)!.closed = false;
      if (created <= JANUARY.to.getTime() / 1000 && lastUpdate >= day('2026-01-01')) january.push(id);
    }
  });
  after(async () => {
    await imports.queue.obliterate({ force: true }).catch(() => undefined);
    await imports.close();
    await h.stop();
  });

  const useCase = (over: Partial<BackfillDeps> = {}) =>
    new BackfillUseCase({
      db: h.t.db,
      carrotQuest: new IntegrationCarrotQuestAccess({
        secretBox: h.secretBox,
        carrotQuestBaseUrl: h.fake.baseUrl,
        carrotQuestTimeoutMs: 2_000,
      }),
      producer: imports,
      ...over,
    });
  /** What the console's start does: claims the run (the same period resumes). */
  const start = async (period = JANUARY) =>
    (await claimBackfillRun(h.t.db, { accountId, integrationId, runId: randomUUID(), ...period, now: new Date() }))!;
  const state = () => h.t.db.backfillState.findUniqueOrThrow({ where: { integrationId } });
  const queuedJobs = async () =>
    (await imports.queue.getJobs(['prioritized', 'waiting'], 0, -1)).filter(
      (j) => j.data.integrationId === integrationId,
    );
  const listCalls = () =>
    h.fake.requests.filter((r) => r.path.startsWith('/apps/') && r.path.endsWith('/conversations')).length;
  const clearQueue = async () => {
    for (const job of await queuedJobs()) await job.remove();
  };

  it('queues each conversation that can hold a question of the period once, with the period, below live traffic, and stops at the first one updated before the start', async () => {
    const run = await start();
    const listedBefore = listCalls();
    const outcome = await useCase().execute({ integrationId, runId: run.runId });
    expect(outcome).to.deep.equal({ status: 'done', scanned: updatedSinceStart, queued: january.length });
    expect(await state()).to.deep.include({
      status: 'done',
      scanned: updatedSinceStart,
      queued: january.length,
      fraction: 1,
      error: null,
    });
    // The older history was never read: only the pages down to 1 January.
    expect(listCalls() - listedBefore).to.be.at.most(Math.ceil(updatedSinceStart / 50) + 1);
    const jobs = await queuedJobs();
    expect(jobs.map((j) => j.data.conversationId).sort()).to.deep.equal([...january].sort());
    expect(jobs[0]!.id).to.equal(
      chatImportJobId({ integrationId, eventId: backfillEventId(jobs[0]!.data.conversationId, JANUARY) }),
    );
    expect(jobs[0]!.data.questionsStartedWithin).to.deep.equal({
      from: JANUARY.from.toISOString(),
      to: JANUARY.to.toISOString(),
    });
    expect(await jobs[0]!.getState()).to.equal('prioritized');
    // A live webhook after all of them is still taken first: it waits without a priority.
    const live: ChatImportJobData = {
      integrationId,
      conversationId: january[0]!,
      carrotUserId: null,
      eventId: 'live-1',
      receivedAt: new Date().toISOString(),
    };
    await imports.enqueue(live);
    expect(await (await imports.queue.getJob(chatImportJobId(live)))!.getState()).to.equal('waiting');
    await (await imports.queue.getJob(chatImportJobId(live)))!.remove();

    // The same period again (done: starts afresh) adds no job: the job ids are per conversation and period.
    const again = await start();
    await useCase().execute({ integrationId, runId: again.runId });
    expect(await queuedJobs()).to.have.length(january.length);
  });

  it('stops between pages when asked, keeps its cursor, and resumes from it; waits out a 429 on the listing', async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:58Z') });
    let enqueued = 0;
    // The stop comes while a page is being read: the scan ends after it.
    const stopping = {
      enqueueBackfill: async (data: ChatImportJobData) => {
        enqueued += 1;
        if (enqueued === 20) await requestBackfillStop(h.t.db, integrationId);
        await imports.enqueueBackfill(data);
      },
      pendingBackfill: () => imports.pendingBackfill(),
    };
    const stopped = await useCase({ producer: stopping, pageSize: 20 }).execute({ integrationId, runId: run.runId });
    expect(stopped.status).to.equal('interrupted');
    const kept = await state();
    expect(kept).to.deep.include({ status: 'interrupted', stopRequested: false });
    expect(kept.scanned % 20).to.equal(0);
    expect(kept.scanned).to.be.greaterThan(0).and.lessThan(updatedSinceStart);
    expect(JSON.parse(kept.cursor!)).to.have.length(2);
    expect(kept.fraction).to.be.greaterThan(0).and.lessThan(1);

    const sleeps: number[] = [];
    h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 2, times: 1 });
    const resumed = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:58Z') });
    expect(resumed.scanned).to.equal(kept.scanned);
    const outcome = await useCase({ pageSize: 20, sleep: async (ms) => void sleeps.push(ms) }).execute({
      integrationId,
      runId: resumed.runId,
    });
    expect(outcome).to.deep.equal({ status: 'done', scanned: updatedSinceStart, queued: january.length });
    // Waited in slices (a stop is checked between them) that add up to the Retry-After.
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).to.equal(2_000);
    expect((await queuedJobs()).map((j) => j.data.conversationId).sort()).to.deep.equal([...january].sort());
  });

  it('a worker that stops ends its run after the page, and the job resumes from the cursor', async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:57Z') });
    let enqueued = 0;
    const producer = {
      enqueueBackfill: async (data: ChatImportJobData) => {
        enqueued += 1;
        if (enqueued === 1) stopping.stopAll();
        await imports.enqueueBackfill(data);
      },
      pendingBackfill: () => imports.pendingBackfill(),
    };
    const stopping = useCase({ producer, pageSize: 20 });
    const error = await stopping.execute({ integrationId, runId: run.runId }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(decideBackfillFailure(error)).to.deep.include({ action: 'wait', code: 'backfill_resumes_later' });
    const kept = await state();
    // Stopped after the page in which it was told: that page's cursor is kept.
    expect(kept).to.deep.include({ status: 'running' });
    expect(kept.scanned % 20).to.equal(0);
    expect(kept.scanned).to.be.greaterThan(0).and.lessThan(updatedSinceStart);
    expect(await useCase({ pageSize: 20 }).execute({ integrationId, runId: run.runId })).to.deep.equal({
      status: 'done',
      scanned: updatedSinceStart,
      queued: january.length,
    });
  });

  it('pauses while the import backlog is full, and goes on once it drains', async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:56Z') });
    let pauses = 0;
    const outcome = await useCase({
      maxPending: 30,
      sleep: async () => {
        pauses += 1;
        expect(await imports.pendingBackfill()).to.be.at.least(30);
        await clearQueue();
      },
    }).execute({ integrationId, runId: run.runId });
    expect(outcome).to.deep.include({ status: 'done', queued: january.length });
    expect(pauses).to.be.at.least(1);
  });

  /** Runs the use case in the background; `ended` is when it answered (or threw). */
  const running = (run: Promise<unknown>) => {
    const result = { ended: 0, value: undefined as unknown };
    const done = run.then(
      (value) => void Object.assign(result, { ended: Date.now(), value }),
      (error: unknown) => void Object.assign(result, { ended: Date.now(), value: error }),
    );
    return { result, done };
  };

  it('waits at least a second on a 429 with Retry-After 0 (no hot loop), and a stop during the waits ends the run', async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:55Z') });
    h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 0, times: Number.POSITIVE_INFINITY });
    try {
      const before = listCalls();
      const { result, done } = running(useCase({ pageSize: 20 }).execute({ integrationId, runId: run.runId }));
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const calls = listCalls() - before;
      // A wait of at least 1 s: three tries in 2.5 s (at 0, 1 and 2 s), not hundreds.
      expect(calls).to.be.at.least(1).and.at.most(4);
      const asked = Date.now();
      await requestBackfillStop(h.t.db, integrationId);
      await done;
      expect(result.value).to.deep.equal({ status: 'interrupted', scanned: 0, queued: 0 });
      expect(result.ended - asked).to.be.below(2_500);
      expect(await state()).to.deep.include({ status: 'interrupted', stopRequested: false });
    } finally {
      h.fake.clearFaults();
    }
  });

  it('a worker stopping during a long 429 wait puts the job back at once, its run still running', async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:54Z') });
    h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 120, times: 1 });
    try {
      const backfill = useCase({ pageSize: 20 });
      const { result, done } = running(backfill.execute({ integrationId, runId: run.runId }));
      const before = listCalls();
      while (listCalls() === before) await new Promise((resolve) => setTimeout(resolve, 50));
      const asked = Date.now();
      backfill.stopAll();
      await done;
      expect(result.ended - asked).to.be.below(2_500);
      expect(decideBackfillFailure(result.value)).to.deep.include({ action: 'wait', code: 'backfill_resumes_later' });
      expect(await state()).to.deep.include({ status: 'running' });
      await failBackfillRun(h.t.db, integrationId, run.runId, 'the test is over');
    } finally {
      h.fake.clearFaults();
    }
  });

  it("a 429 asking for more than the cap (even past setTimeout's 2^31 ms) reschedules the run after the cap, its cursor kept", async () => {
    await clearQueue();
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:53Z') });
    // A page is read; the next asks for 35 days.
    let injected = false;
    const before = listCalls();
    const producer = {
      enqueueBackfill: async (data: ChatImportJobData) => {
        if (!injected) {
          injected = true;
          h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 35 * 86_400, times: 1 });
        }
        await imports.enqueueBackfill(data);
      },
      pendingBackfill: () => imports.pendingBackfill(),
    };
    try {
      const error = await useCase({ producer, pageSize: 20, maxRateLimitWaitMs: 60_000 })
        .execute({ integrationId, runId: run.runId })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(decideBackfillFailure(error)).to.deep.include({
        action: 'wait',
        code: 'backfill_resumes_later',
        delayMs: 60_000,
      });
      const pagesRead = listCalls() - before - 1;
      const kept = await state();
      expect(kept.status).to.equal('running');
      expect(kept.scanned)
        .to.be.greaterThan(0)
        .and.equal(20 * pagesRead);
      expect(JSON.parse(kept.cursor!)).to.have.length(2);
      await failBackfillRun(h.t.db, integrationId, run.runId, 'the test is over');
    } finally {
      h.fake.clearFaults();
    }
  });

  it('a job BullMQ fails for stalling too often ends its run as failed, with the reason, its cursor kept', async () => {
    const run = await start({ from: JANUARY.from, to: new Date('2026-01-31T23:59:52Z') });
    await recordBackfillProgress(h.t.db, integrationId, run.runId, {
      cursor: '[1767225600,"700100"]',
      scanned: 40,
      queued: 30,
      fraction: 0.25,
      newestUpdate: 1_767_225_600,
    });
    const prefix = `${h.prefix}-stall`;
    const scheduler = new BackfillScheduler(h.producerRedis, { prefix });
    const jobKey = `${prefix}:${BACKFILL.queue}:${backfillJobId(integrationId)}`;
    let ran = false;
    let failedRuns = 0;
    /** Queues the run's job as BullMQ's stalled check leaves one that stalled more than its limit, and lets a worker fetch it: it fails the job without running it. */
    const failStalled = async (runId: string) => {
      await scheduler.enqueue({ integrationId, runId });
      await h.producerRedis.hset(jobKey, 'defa', 'job stalled more than allowable limit');
      const workers = new JobWorkers(
        {
          backfill: backfillHandler({
            execute: async () => {
              ran = true;
              return { status: 'skipped', reason: 'not expected to run' };
            },
            failRun: async (data, reason) => {
              await useCase().failRun(data, reason);
              failedRuns += 1;
            },
          }),
        },
        {
          connection: h.redis,
          prefix,
          retryPolicy: { attempts: 1, baseDelayMs: 20, maxDelayMs: 100 },
          logger: createMemoryLogger('backfill-stall-test').logger,
          concurrency: {},
        },
      );
      const before = failedRuns;
      try {
        workers.start();
        await waitFor('the stalled job failed and its run was ended', async () => failedRuns > before);
      } finally {
        await workers.close();
      }
    };
    try {
      await failStalled(run.runId);
      const failed = await state();
      expect(failed.error).to.match(/stalled more than allowable limit/);
      expect(failed).to.deep.include({ runId: run.runId, cursor: '[1767225600,"700100"]', scanned: 40 });

      // A stalled job of a run since replaced fails only that run: the integration's newer run goes on.
      const newer = await start({ from: new Date('2026-02-01'), to: new Date('2026-02-28T23:59:59Z') });
      await failStalled(run.runId);
      expect(await state()).to.deep.include({ runId: newer.runId, status: 'running', error: null });
      expect(ran).to.equal(false);
    } finally {
      await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
      await scheduler.close();
    }
  });
});
