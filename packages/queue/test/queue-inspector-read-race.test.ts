import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import sinon from 'sinon';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { ChatExportScheduler } from '../src/chat-export-scheduler';
import { CHAT_EXPORT } from '../src/job-catalog';
import { QueueInspector } from '../src/queue-inspector';
import { createRedisConnection } from '../src/redis-connection';

// BullMQ's getDelayed reads the delayed set's ids, then each job's hash: a job can move in between.
// The export's window job starting at that moment read as "retrying, no reason" (e2e export-watch failed
// on CI so). Here the in-between is held still: getDelayed is made to return the ids it saw while the
// job was delayed, read after the job moved, as BullMQ's own two steps would on a slow machine.
describe('QueueInspector: a job that moves while the status reads it (real Redis)', function () {
  this.timeout(30_000);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const workerConnection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const retryPolicy = { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
  const exports = new ChatExportScheduler(redis, { prefix, retryPolicy });
  const inspector = new QueueInspector(redis, { prefix });
  const integrationId = randomUUID();
  let worker: Worker | undefined;
  let release: (error: Error) => void = () => undefined;

  /** Makes every chat-export getDelayed answer `read()`: the ids it saw then, the hashes as they are now. */
  function readDelayedAs(read: (queue: Queue) => Promise<Job[]>): void {
    const real = Queue.prototype.getDelayed;
    sinon.stub(Queue.prototype, 'getDelayed').callsFake(function (this: Queue, ...args) {
      return this.name === CHAT_EXPORT.queue ? read(this) : real.apply(this, args);
    });
  }

  before(async () => {
    await exports.schedule(integrationId);
  });

  afterEach(() => sinon.restore());

  after(async () => {
    // A run that stopped before the second test would leave the job active for good: settle it first.
    release(new Error('test over'));
    await worker?.close(true);
    await exports.queue.obliterate({ force: true });
    await Promise.all([exports.close(), inspector.close()]);
    workerConnection.disconnect();
    redis.disconnect();
  });

  it('does not count a window job that started after its id was read as retrying', async () => {
    const seenDelayed = (await exports.queue.getDelayed()).map((job) => job.id!);
    expect(seenDelayed, 'the window job waits in the delayed set').to.have.length(1);
    worker = new Worker(CHAT_EXPORT.queue, () => new Promise((_, reject) => (release = reject)), {
      connection: workerConnection,
      prefix,
      settings: { backoffStrategy: () => 60_000 },
    });
    await waitFor('the window job to start', async () => (await exports.queue.getActiveCount()) === 1, 10_000, 50);
    readDelayedAs(async (queue) => (await Promise.all(seenDelayed.map((id) => queue.getJob(id)))) as Job[]);

    const jobs = await inspector.exportJobsOf(integrationId);
    expect(jobs).to.deep.include({ retrying: 0, waiting: 1, failed: 0, lastError: null, nextTryAt: null });
  });

  it('reads the reason of a job that failed after its hash was read', async () => {
    const [stale] = await exports.queue.getActive();
    expect(stale?.failedReason, 'read while it runs: no reason yet').to.not.be.ok;
    release(new Error('Data API unavailable: connect ECONNREFUSED'));
    await waitFor(
      'the job to wait for its retry',
      async () => (await exports.queue.getDelayedCount()) === 1,
      10_000,
      50,
    );
    readDelayedAs(async () => [stale!]);

    const jobs = await inspector.exportJobsOf(integrationId);
    expect(jobs).to.deep.include({ retrying: 1, waiting: 0, failed: 0 });
    expect(jobs.lastError).to.deep.include({ reason: 'Data API unavailable: connect ECONNREFUSED', final: false });
    expect(Date.parse(jobs.nextTryAt!)).to.be.greaterThan(Date.now() + 50_000);
  });
});
