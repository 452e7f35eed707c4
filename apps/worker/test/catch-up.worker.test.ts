import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { CATCH_UP, CatchUpScheduler, catchUpEventId, chatImportJobId } from '@carrot-bridge/queue';
import { waitFor } from '@carrot-bridge/test-support';
import { IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import { catchUpHandler, catchUpTickHandler } from '../src/catch-up/catch-up.handler';
import { CatchUpUseCase } from '../src/catch-up/catch-up.usecase';
import { FanOutCatchUpUseCase } from '../src/catch-up/fan-out-catch-up.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';
import { WorkerHarness } from './worker-harness';

const now = () => Math.floor(Date.now() / 1000);

// The hourly catch-up (issue #11) on real Redis and PostgreSQL against the fake CarrotQuest over HTTP.
describe('catch-up of conversations whose webhook never came', function () {
  this.timeout(60_000);
  const h = new WorkerHarness();
  let useCase: CatchUpUseCase;
  before(async () => {
    await h.start();
    useCase = new CatchUpUseCase({
      db: h.t.db,
      carrotQuest: new IntegrationCarrotQuestAccess({
        secretBox: h.secretBox,
        carrotQuestBaseUrl: h.fake.baseUrl,
        carrotQuestTimeoutMs: 2_000,
      }),
      producer: h.producer,
    });
  });
  after(() => h.stop());

  const conversationFetches = (conversationId: string) =>
    h.fake.requests.filter((r) => r.path === `/conversations/${conversationId}`).length;

  it('imports a closed conversation without a webhook, skips what is imported and unchanged, and re-imports what changed', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, { createdAt: new Date(Date.now() - 3 * 86_400_000) });
    const t = now();
    h.fake.addChat(key, {
      conversationId: '51000001',
      userId: '1051000001',
      createdAt: t - 7_200,
      lastUpdate: t - 3_600,
    }); // webhook lost
    h.fake.addChat(key, {
      conversationId: '51000002',
      userId: '1051000002',
      createdAt: t - 5_000,
      lastUpdate: t - 1_800,
    }); // webhook came
    h.fake.addChat(key, {
      conversationId: '51000003',
      userId: '1051000003',
      createdAt: t - 600,
      lastUpdate: t - 60,
      closed: false,
    }); // still open
    h.fake.addChat(key, {
      conversationId: '51000004',
      userId: '1051000004',
      createdAt: t - 40 * 86_400,
      lastUpdate: t - 30 * 86_400,
    }); // history: backfill's job
    const webhook = await h.run(h.jobData(integration.id, '51000002'));
    expect(await webhook.getState(), webhook.failedReason).to.equal('completed');

    const first = await useCase.execute(integration.id);
    expect(first).to.deep.include({ status: 'done', scanned: 3, queued: 1 });
    const job = await h.waitForJob(
      chatImportJobId({ integrationId: integration.id, eventId: catchUpEventId('51000001', t - 3_600) }),
    );
    expect(await job.getState(), job.failedReason).to.equal('completed');
    expect(await h.chat(integration.id, '51000001')).to.deep.include({ conversationId: '51000001', messagesCount: 4 });
    expect(await h.chat(integration.id, '51000003')).to.equal(null);
    expect(await h.chat(integration.id, '51000004')).to.equal(null);

    // A second run: nothing changed, so nothing is queued and no conversation is fetched again. The run
    // has returned, so a job it queued would be in the queue now (import jobs are kept for an hour):
    // the same two jobs as before means no import, hence no fetch, can follow.
    const importJobs = async () =>
      (
        await h.producer.queue.getJobs([
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'waiting-children',
          'completed',
          'failed',
        ])
      )
        .filter((job) => job.data.integrationId === integration.id)
        .map((job) => job.id)
        .sort();
    const jobsBefore = await importJobs();
    expect(jobsBefore, 'the webhook import and the first catch-up import').to.have.length(2);
    const fetchesBefore = conversationFetches('51000001') + conversationFetches('51000002');
    const second = await useCase.execute(integration.id);
    expect(second).to.deep.include({ status: 'done', queued: 0 });
    expect(await importJobs()).to.deep.equal(jobsBefore);
    expect(conversationFetches('51000001') + conversationFetches('51000002')).to.equal(fetchesBefore);

    // The visitor wrote again: the conversation's last_update moved, so it is imported again, whole.
    h.fake.updateConversation(key, '51000002', { lastUpdate: t + 5, newTexts: ['А ещё вопрос'] });
    const third = await useCase.execute(integration.id);
    expect(third).to.deep.include({ status: 'done', queued: 1 });
    const again = await h.waitForJob(
      chatImportJobId({ integrationId: integration.id, eventId: catchUpEventId('51000002', t + 5) }),
    );
    expect(await again.getState(), again.failedReason).to.equal('completed');
    const chat = await h.chat(integration.id, '51000002');
    expect(chat!.messages.map((m) => m.text)).to.include('А ещё вопрос');
    expect(chat!.messagesCount).to.equal(5);

    const state = await h.t.db.catchUpState.findUnique({ where: { integrationId: integration.id } });
    expect(state).to.deep.include({ lastQueued: 1, lastError: null });
    expect(state!.watermark!.getTime()).to.equal((t + 5) * 1000);
  });

  it("notices a returning visitor's new question in an old conversation and imports it as a chat of its own", async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, { createdAt: new Date(Date.now() - 3 * 86_400_000) });
    const t = now();
    h.fake.addChat(key, {
      conversationId: '52000001',
      userId: '1052000001',
      questions: [{ startedAt: t - 90 * 86_400, closedPart: true }],
    });
    await h.run(h.jobData(integration.id, '52000001'));
    // Months later the visitor asks again in the same conversation; that question's webhook is lost.
    h.fake.addQuestion(key, '52000001', { startedAt: t - 1_200, texts: ['Снова я'], closedPart: true });
    const lastUpdate = Number(h.fake.apps.get(key)!.conversations.get('52000001')!.last_update);
    const run = await useCase.execute(integration.id);
    expect(run).to.deep.include({ status: 'done', queued: 1 });
    const job = await h.waitForJob(
      chatImportJobId({ integrationId: integration.id, eventId: catchUpEventId('52000001', lastUpdate) }),
    );
    expect(await job.getState(), job.failedReason).to.equal('completed');
    const chats = await h.chats(integration.id, '52000001');
    expect(chats.map((c) => c.firstVisitorMessage)).to.deep.equal([chats[0]!.firstVisitorMessage, 'Снова я']);
    expect(chats[1]!.startedAt.getTime()).to.equal((t - 1_200) * 1000);
    // Both questions imported: the next run has nothing to queue.
    expect(await useCase.execute(integration.id)).to.deep.include({ status: 'done', queued: 0 });
  });

  it('records a failed run on the integration and keeps its watermark', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    h.fake.injectFault({ path: '/apps/', status: 503, times: 1 });
    const error = await useCase.execute(integration.id).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.contain('503');
    const state = await h.t.db.catchUpState.findUnique({ where: { integrationId: integration.id } });
    expect(state).to.deep.include({ watermark: null });
    expect(state!.lastError).to.contain('503');
  });

  it('waits at least a second on a 429 with Retry-After 0 instead of asking again at once', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 0, times: 2 });
    const sleeps: number[] = [];
    const outcome = await new CatchUpUseCase({
      db: h.t.db,
      carrotQuest: new IntegrationCarrotQuestAccess({
        secretBox: h.secretBox,
        carrotQuestBaseUrl: h.fake.baseUrl,
        carrotQuestTimeoutMs: 2_000,
      }),
      producer: h.producer,
      sleep: async (ms) => void sleeps.push(ms),
    }).execute(integration.id);
    expect(outcome.status).to.equal('done');
    expect(sleeps).to.deep.equal([1_000, 1_000]);
  });

  it('runs from the repeating tick through the worker, once per integration', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const t = now();
    h.fake.addChat(key, { conversationId: '51000010', userId: '1051000010', createdAt: t - 100, lastUpdate: t - 50 });
    const scheduler = new CatchUpScheduler(h.producerRedis, { prefix: h.prefix });
    const { logger } = createMemoryLogger('catch-up-test');
    const worker = new JobWorkers(
      {
        catchUp: catchUpHandler(useCase),
        catchUpTick: catchUpTickHandler(new FanOutCatchUpUseCase(h.t.db, scheduler)),
      },
      {
        connection: h.redis,
        prefix: h.prefix,
        concurrency: { [CATCH_UP.queue]: 2 },
        retryPolicy: { attempts: 1, baseDelayMs: 20, maxDelayMs: 20 },
        logger,
      },
    );
    worker.start();
    try {
      // Two ticks at once (two worker processes starting together): the fixed job id keeps runs from overlapping.
      await scheduler.tick();
      await scheduler.tick();
      await waitFor(
        'the catch-up to import the conversation',
        async () => (await h.chat(integration.id, '51000010')) ?? undefined,
        20_000,
      );
      const state = await waitFor('the run to be recorded', async () => {
        const s = await h.t.db.catchUpState.findUnique({ where: { integrationId: integration.id } });
        return s?.lastFinishedAt ? s : undefined;
      });
      expect(state.lastError).to.equal(null);
    } finally {
      await worker.close();
      await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
      await scheduler.close();
    }
  });
});
