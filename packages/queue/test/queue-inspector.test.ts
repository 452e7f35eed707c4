import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { ChatExportScheduler } from '../src/chat-export-scheduler';
import { ChatImportProducer } from '../src/chat-import-producer';
import { chatImportJobId, CHAT_IMPORT, type ChatImportJobData } from '../src/job-catalog';
import { QueueInspector } from '../src/queue-inspector';
import { createRedisConnection } from '../src/redis-connection';
import { SessionLookupScheduler } from '../src/session-lookup-scheduler';

// «Задачи»: an integration's jobs of every kind by state, and retrying one or all of its failed ones,
// against real Redis with a worker that fails imports as the real one's decisions would.
describe('QueueInspector: an integration’s jobs (real Redis)', function () {
  this.timeout(30_000);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const retryPolicy = { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 };
  const producer = new ChatImportProducer(redis, { prefix, retryPolicy });
  const exports = new ChatExportScheduler(redis, { prefix, retryPolicy });
  const lookups = new SessionLookupScheduler(redis, { prefix, retryPolicy });
  const inspector = new QueueInspector(redis, { prefix });
  const mine = { integrationId: randomUUID(), accountId: randomUUID() };
  const other = { integrationId: randomUUID(), accountId: randomUUID() };

  const importOf = (integrationId: string, conversationId: string): ChatImportJobData => ({
    integrationId,
    conversationId,
    carrotUserId: null,
    eventId: `manual-${conversationId}`,
    receivedAt: new Date().toISOString(),
  });

  /** Runs the imports once: conversation 1xx gives up, 2xx fails and is retried a minute later, 3xx succeeds. */
  async function runImportsOnce(expectedFailures: number): Promise<void> {
    const connection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const worker = new Worker(
      CHAT_IMPORT.queue,
      async (job) => {
        const conversation = (job.data as ChatImportJobData).conversationId;
        if (conversation.startsWith('1')) throw new UnrecoverableError('CarrotQuest rejected the API key: HTTP 401');
        if (conversation.startsWith('2')) throw new Error('CarrotQuest unavailable: timeout of 10000ms exceeded');
      },
      { connection, prefix, settings: { backoffStrategy: () => 60_000 } },
    );
    await waitFor('the imports to be decided', async () => {
      const counts = await producer.queue.getJobCounts('failed', 'delayed', 'waiting', 'active');
      return !counts.waiting && !counts.active && (counts.failed ?? 0) + (counts.delayed ?? 0) >= expectedFailures;
    });
    await worker.close();
    connection.disconnect();
  }

  after(async () => {
    for (const queue of inspector.boardQueues()) await queue.obliterate({ force: true });
    await Promise.all([producer.close(), exports.close(), lookups.close(), inspector.close()]);
    redis.disconnect();
  });

  it('lists failed, retrying and waiting jobs of every kind of the integration and its account, none of others', async () => {
    await producer.enqueue(importOf(mine.integrationId, '101'));
    await producer.enqueue(importOf(mine.integrationId, '201'));
    await producer.enqueue(importOf(mine.integrationId, '301'));
    await producer.enqueue(importOf(other.integrationId, '102'));
    await runImportsOnce(3);
    await exports.schedule(mine.integrationId);
    await exports.schedule(other.integrationId);
    await lookups.schedule(mine.accountId);
    await lookups.schedule(other.accountId);

    const list = await inspector.listJobsOf(mine);
    expect(list.counts).to.deep.equal({ failed: 1, retrying: 1, waiting: 2 });
    expect(list.truncated).to.equal(false);
    expect(list.jobs.map((job) => [job.kind, job.state, job.conversationId])).to.deep.equal([
      ['chatImport', 'failed', '101'],
      ['chatImport', 'retrying', '201'],
      ...[
        ['chatExport', 'waiting', null],
        ['sessionLookup', 'waiting', null],
      ].sort(),
    ]);
    const [failed, retrying] = list.jobs;
    expect(failed).to.include({ reason: 'CarrotQuest rejected the API key: HTTP 401', attempts: 1, maxAttempts: 3 });
    expect(failed!.failedAt).to.be.a('string');
    expect(failed!.nextAttemptAt).to.equal(null);
    expect(retrying).to.include({ reason: 'CarrotQuest unavailable: timeout of 10000ms exceeded', attempts: 1 });
    const inAMinute = Date.parse(retrying!.nextAttemptAt!) - Date.now();
    expect(inAMinute).to.be.within(30_000, 61_000);
  });

  it('retries one failed job of the scope; another integration’s or an unknown id is not found, a retrying one not failed', async () => {
    const failedId = chatImportJobId(importOf(mine.integrationId, '101'));
    const othersId = chatImportJobId(importOf(other.integrationId, '102'));
    expect(await inspector.retryJobOf(mine, othersId)).to.equal('not-found');
    expect(await inspector.retryJobOf(mine, 'cq-no-such-job')).to.equal('not-found');
    expect(await inspector.retryJobOf(mine, chatImportJobId(importOf(mine.integrationId, '201')))).to.equal(
      'not-failed',
    );
    expect(await inspector.retryJobOf(mine, failedId)).to.equal('retried');
    expect(await (await producer.queue.getJob(failedId))!.getState()).to.equal('waiting');
    expect(await (await producer.queue.getJob(othersId))!.getState()).to.equal('failed');
    expect((await inspector.listJobsOf(mine)).counts).to.deep.equal({ failed: 0, retrying: 1, waiting: 3 });
  });

  it('retries every failed job of the scope and leaves the others’ failed', async () => {
    await producer.enqueue(importOf(mine.integrationId, '103'));
    await producer.enqueue(importOf(mine.integrationId, '104'));
    await runImportsOnce(5);
    const before = await inspector.listJobsOf(mine);
    expect(before.counts.failed).to.equal(3);
    expect(await inspector.retryFailedOf(mine)).to.equal(3);
    expect((await inspector.listJobsOf(mine)).counts.failed).to.equal(0);
    expect((await inspector.listJobsOf(other)).counts.failed).to.equal(1);
  });
});
