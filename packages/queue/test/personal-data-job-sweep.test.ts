import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { PersonalDataMatcher } from '@carrot-bridge/domain';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { eraseJobsMentioning } from '../src/personal-data-job-sweep';
import { createRedisConnection } from '../src/redis-connection';

const PHONE = '+79161234567';
/** Пётр of the erasing account: his phone, his name, his conversation 123. */
const PERSON = new PersonalDataMatcher({ phones: [PHONE], texts: ['Пётр', '123'] });
const NOBODY = new PersonalDataMatcher({ phones: [], texts: [] });
const ACCOUNT = { accountId: randomUUID(), integrationIds: [randomUUID(), randomUUID()] };
const MINE = ACCOUNT.integrationIds[1]!;
/** Another account's integration: its jobs may name the same phone and conversation, and stay. */
const THEIRS = randomUUID();

interface TestJobData {
  integrationId?: string;
  accountId?: string;
  conversationId: string;
  outcome: 'return' | 'log' | 'fail' | 'retry' | 'hold';
  text?: string;
}

describe('eraseJobsMentioning (real Redis, real BullMQ)', function () {
  this.timeout(30_000);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  // The worker's queue (jobs that ran) and one nobody works (jobs that wait).
  const ran = new Queue<TestJobData>('sweep-ran', { connection: redis, prefix });
  const waiting = new Queue<TestJobData>('sweep-waiting', { connection: redis, prefix });
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let worker: Worker<TestJobData> | undefined;

  after(async () => {
    release();
    await worker?.close();
    for (const queue of [ran, waiting]) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    redis.disconnect();
  });

  /** A job of the erasing account unless its data names another integration or account. */
  const add = (queue: Queue<TestJobData>, id: string, data: TestJobData, attempts = 1) =>
    queue.add('test', data.accountId ? data : { integrationId: MINE, ...data }, {
      jobId: id,
      attempts,
      backoff: { type: 'fixed', delay: 60_000 },
    });
  const ids = async (queue: Queue<TestJobData>, state: 'completed' | 'failed' | 'delayed' | 'active' | 'waiting') =>
    (await queue.getJobs([state])).map((job) => job.id).sort();

  it('removes finished jobs that name the person, requeues a retrying one without its failure text, clears logs, leaves running and scheduler jobs', async () => {
    await add(ran, 'done-mention', { conversationId: '555', outcome: 'return', text: `Пётр, ${PHONE}` });
    await add(ran, 'done-logs', { conversationId: '557', outcome: 'log', text: 'Клиент Пётр позвонил' });
    await add(ran, 'done-plain', { conversationId: '556', outcome: 'return', text: 'ok' });
    // «123» stands alone only as its own number: conversation 91234 is someone else's.
    await add(ran, 'done-other-conversation', { conversationId: '91234', outcome: 'return', text: 'ok' });
    await add(ran, 'failed-mention', { conversationId: '558', outcome: 'fail', text: `Data API refused ${PHONE}` });
    await add(ran, 'failed-plain', { conversationId: '559', outcome: 'fail', text: 'timeout' });
    await add(ran, 'retrying', { conversationId: '560', outcome: 'retry', text: `phone ${PHONE} is invalid` }, 5);
    await add(ran, 'running', { conversationId: '123', outcome: 'hold' });
    // Another account's jobs naming the same phone and conversation: not this erasure's to touch.
    await add(ran, 'theirs-done', { integrationId: THEIRS, conversationId: '123', outcome: 'return', text: PHONE });
    await add(ran, 'theirs-failed', {
      accountId: randomUUID(),
      conversationId: '123',
      outcome: 'fail',
      text: `Data API refused ${PHONE}`,
    });
    // A job scheduler's tick (no account) that failed naming the phone: BullMQ cannot add it again as it was.
    await ran.upsertJobScheduler(
      'tick',
      { every: 3_600_000 },
      {
        name: 'tick',
        data: { conversationId: '561', outcome: 'retry', text: `refused ${PHONE}` },
        opts: { attempts: 3, backoff: { type: 'fixed', delay: 60_000 } },
      },
    );
    worker = new Worker<TestJobData>(
      'sweep-ran',
      async (job: Job<TestJobData>) => {
        const { outcome, text } = job.data;
        if (outcome === 'hold') return held;
        if (outcome === 'log') await job.log(text!);
        if (outcome === 'fail' || outcome === 'retry') throw new Error(text);
        return { note: text };
      },
      { connection: redis, prefix, concurrency: 10 },
    );
    await waitFor(
      'the jobs to settle',
      async () => {
        const counts = await ran.getJobCounts('completed', 'failed', 'delayed', 'active');
        return counts.completed === 5 && counts.failed === 3 && counts.delayed === 3 && counts.active === 1;
      },
      15_000,
      50,
    );
    const retryingBefore = (await ran.getJob('retrying'))!;
    expect(retryingBefore.failedReason).to.include(PHONE);
    const tickFailed = (await ran.getJobs(['delayed'])).find((job) => job.repeatJobKey && job.failedReason)!;
    expect(tickFailed.failedReason).to.include(PHONE);
    expect(await redis.hget(ran.toKey(tickFailed.id!), 'stacktrace')).to.include(PHONE);

    await add(waiting, 'waiting-logs', { conversationId: '123', outcome: 'return' });
    await waiting.addJobLog('waiting-logs', 'Пётр просил перезвонить');
    await add(waiting, 'waiting-data-only', { conversationId: '123', outcome: 'return' });
    await add(waiting, 'waiting-plain', { conversationId: '777', outcome: 'return' });
    await waiting.addJobLog('waiting-plain', 'Ольга просила перезвонить');
    await add(waiting, 'waiting-theirs', { integrationId: THEIRS, conversationId: '123', outcome: 'return' });
    await waiting.addJobLog('waiting-theirs', 'Пётр просил перезвонить');

    /** The job ids of the events-stream entries that quote the phone. */
    const eventsMentioning = async () =>
      (await redis.xrange(ran.keys.events!, '-', '+'))
        .filter(([, fields]) => fields.join(' ').includes(PHONE))
        .map(([, fields]) => fields[fields.indexOf('jobId') + 1]!);
    // Events of jobs already gone: tied to an account by the integration id in the job's id, or to none.
    for (const jobId of [`cq-${THEIRS}-gone`, `cq-${MINE}-gone`, 'tick-gone'])
      await redis.xadd(ran.keys.events!, '*', 'event', 'failed', 'jobId', jobId, 'failedReason', `refused ${PHONE}`);
    expect(await eventsMentioning(), 'failure reasons and return values in the events stream').to.include.members([
      'done-mention',
      'failed-mention',
      'theirs-done',
      'theirs-failed',
    ]);
    const counts = await eraseJobsMentioning([ran, waiting], ACCOUNT, PERSON);
    const { eventsRemoved, ...jobs } = counts;
    expect(jobs).to.deep.equal({ removed: 3, requeued: 1, logsCleared: 1, activeLeft: 1, keptInPlace: 1 });
    expect(eventsRemoved).to.be.greaterThan(0);
    expect([...new Set(await eventsMentioning())].sort(), 'only the other account’s events').to.deep.equal([
      `cq-${THEIRS}-gone`,
      'theirs-done',
      'theirs-failed',
    ]);

    expect(await ids(ran, 'completed')).to.deep.equal(['done-other-conversation', 'done-plain', 'theirs-done']);
    expect(await ids(ran, 'failed')).to.deep.equal(['failed-plain', 'theirs-failed']);
    expect(await ids(ran, 'active')).to.deep.equal(['running']);
    expect((await ran.getJobLogs('done-logs')).count).to.equal(0);

    // The retrying job runs again later, the same job without the phone in its failure.
    const delayed = await ran.getJobs(['delayed']);
    expect(delayed.filter((job) => !job.repeatJobKey).map((job) => job.id)).to.deep.equal(['retrying']);
    expect(delayed.filter((job) => job.repeatJobKey)).to.have.length(2);
    // The tick stays where it is, without the failure text in its hash.
    const tickAfter = (await ran.getJob(tickFailed.id!))!;
    expect(tickAfter.failedReason ?? '').not.to.include(PHONE);
    expect(tickAfter.stacktrace).to.deep.equal([]);
    expect(await redis.hmget(ran.toKey(tickFailed.id!), 'failedReason', 'stacktrace')).to.deep.equal([null, null]);
    expect(tickAfter.attemptsMade).to.equal(tickFailed.attemptsMade);
    const again = (await ran.getJob('retrying'))!;
    expect(again.data).to.deep.equal(retryingBefore.data);
    expect(again.name).to.equal('test');
    expect(again.failedReason ?? '').not.to.include(PHONE);
    expect(again.stacktrace ?? []).to.deep.equal([]);
    expect(again.opts.attempts).to.equal(4);
    expect(again.opts.backoff).to.deep.equal({ type: 'fixed', delay: 60_000 });
    const dueIn = again.timestamp + again.delay - Date.now();
    expect(dueIn).to.be.within(50_000, 60_000);

    expect(await ids(waiting, 'waiting')).to.deep.equal([
      'waiting-data-only',
      'waiting-logs',
      'waiting-plain',
      'waiting-theirs',
    ]);
    expect((await waiting.getJobLogs('waiting-logs')).count).to.equal(0);
    expect((await waiting.getJobLogs('waiting-plain')).logs).to.deep.equal(['Ольга просила перезвонить']);
    expect((await waiting.getJobLogs('waiting-theirs')).logs).to.deep.equal(['Пётр просил перезвонить']);

    // Again: nothing left to remove; the running job is still running.
    expect(await eraseJobsMentioning([ran, waiting], ACCOUNT, PERSON)).to.deep.equal({
      removed: 0,
      requeued: 0,
      logsCleared: 0,
      activeLeft: 1,
      keptInPlace: 0,
      eventsRemoved: 0,
    });
    expect(await eraseJobsMentioning([ran, waiting], ACCOUNT, NOBODY)).to.deep.equal({
      removed: 0,
      requeued: 0,
      logsCleared: 0,
      activeLeft: 0,
      keptInPlace: 0,
      eventsRemoved: 0,
    });
  });
});
