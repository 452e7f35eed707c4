import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '@carrot-bridge/test-support';
import { chatImportJobId, type ChatImportJobData } from '../src/job-catalog';
import { ChatImportProducer } from '../src/chat-import-producer';
import { createRedisConnection } from '../src/redis-connection';
import { FAILED_JOB_RETENTION } from '../src/retention';

describe('ChatImportProducer (real Redis)', function () {
  this.timeout(20_000);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const producer = new ChatImportProducer(redis, { prefix });
  after(async () => {
    await producer.queue.obliterate({ force: true });
    await producer.close();
    redis.disconnect();
  });

  const job = (over: Partial<ChatImportJobData> = {}): ChatImportJobData => ({
    integrationId: randomUUID(),
    conversationId: '27364519',
    carrotUserId: '1038472615',
    eventId: '9182736450',
    receivedAt: new Date().toISOString(),
    ...over,
  });

  it('queues a job under the id derived from integration and event, with the catalog options', async () => {
    const data = job();
    expect(await producer.enqueue(data)).to.equal('queued');
    const stored = await producer.queue.getJob(chatImportJobId(data));
    expect(stored?.data).to.deep.equal(data);
    expect(stored?.opts.attempts).to.equal(25);
    expect(stored?.opts.removeOnFail).to.deep.equal(FAILED_JOB_RETENTION);
    expect(chatImportJobId(data)).not.to.match(/:|^\d+$/);
    expect(await producer.lastWebhookAt(data.integrationId)).to.equal(data.receivedAt);
  });

  it('answers duplicate for the same event and keeps one job', async () => {
    const data = job();
    const outcomes = [
      await producer.enqueue(data),
      await producer.enqueue(data),
      await producer.enqueue({ ...data, receivedAt: new Date().toISOString() }),
    ];
    expect(outcomes).to.deep.equal(['queued', 'duplicate', 'duplicate']);
    const waiting = (await producer.queue.getJobs(['waiting'])).filter(
      (j) => j.data.integrationId === data.integrationId,
    );
    expect(waiting).to.have.length(1);
  });

  it('concurrent deliveries of one event (one shared round trip) make one job and exactly one queued', async () => {
    const data = job();
    const others = Array.from({ length: 20 }, (_, i) =>
      job({ integrationId: data.integrationId, eventId: `other-${i}` }),
    );
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => producer.enqueue(data)),
      ...others.map((o) => producer.enqueue(o)),
    ]);
    expect(outcomes.slice(0, 10).filter((o) => o === 'queued')).to.have.length(1);
    expect(outcomes.slice(10)).to.deep.equal(others.map(() => 'queued'));
    // 21 imports of one integration at once: the last ones are past the burst threshold (prioritized).
    const waiting = (await producer.queue.getJobs(['waiting', 'prioritized'])).filter(
      (j) => j.data.integrationId === data.integrationId,
    );
    expect(waiting.map((j) => j.id).sort()).to.deep.equal([data, ...others].map(chatImportJobId).sort());
  });

  it('resolves each enqueue only once its job is in Redis', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => job({ eventId: `e-${i}` }));
    const seen = await Promise.all(
      batch.map(
        async (data) => (await producer.enqueue(data), (await producer.queue.getJob(chatImportJobId(data)))?.data),
      ),
    );
    expect(seen).to.deep.equal(batch);
  });

  it('a schema failure rejects only its own enqueue, not the others of its round trip', async () => {
    const good = job();
    const [bad, fine] = await Promise.allSettled([
      producer.enqueue(job({ conversationId: 'abc' })),
      producer.enqueue(good),
    ]);
    expect(bad.status).to.equal('rejected');
    expect(fine).to.deep.equal({ status: 'fulfilled', value: 'queued' });
  });

  it('rejects every enqueue of a round trip whose Redis write fails, and records no event id for them', async () => {
    const failing = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
    const failingProducer = new ChatImportProducer(failing, { prefix });
    await failingProducer.queue.waitUntilReady();
    // The job inserts go through; recording the event ids fails: no 'queued' may be answered.
    const original = failing.sendCommand.bind(failing);
    let failNext = true;
    failing.sendCommand = ((command: Parameters<typeof original>[0]) => {
      if (failNext && command.args.some((arg) => String(arg).startsWith(`${prefix}:seen-event:`))) {
        command.reject(new Error('injected write failure'));
        return command.promise;
      }
      return original(command);
    }) as typeof failing.sendCommand;
    const batch = [job(), job()];
    const results = await Promise.allSettled(batch.map((d) => failingProducer.enqueue(d)));
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    for (const d of batch) expect(await redis.exists(`${prefix}:seen-event:${chatImportJobId(d)}`)).to.equal(0);
    // CarrotQuest's retry then gets 'queued' (the job is kept once, idempotent by its id).
    failNext = false;
    expect(await failingProducer.enqueue(batch[0]!)).to.equal('queued');
    await failingProducer.close();
    failing.disconnect();
  });

  it('rejects a payload that breaks the catalog schema', async () => {
    const error = await producer.enqueue(job({ conversationId: 'abc' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect(String(error)).to.contain('conversationId');
  });

  it('fails fast, without queueing in memory, when Redis is unreachable', async () => {
    const dead = createRedisConnection('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null });
    dead.on('error', () => undefined);
    const deadProducer = new ChatImportProducer(dead, { prefix });
    const started = Date.now();
    const error = await deadProducer.enqueue(job()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect(Date.now() - started).to.be.lessThan(5_000);
    expect(await deadProducer.ping()).to.equal(false);
    await deadProducer.close().catch(() => undefined);
    dead.disconnect();
  });
});
