import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '@carrot-bridge/test-support';
import { chatImportJobId, type ChatImportJobData } from './job-catalog';
import { ChatImportProducer } from './chat-import-producer';
import { createRedisConnection } from './redis-connection';
import { FAILED_JOB_RETENTION } from './retention';

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
    const outcomes = [await producer.enqueue(data), await producer.enqueue(data), await producer.enqueue({ ...data, receivedAt: new Date().toISOString() })];
    expect(outcomes).to.deep.equal(['queued', 'duplicate', 'duplicate']);
    const waiting = (await producer.queue.getJobs(['waiting'])).filter((j) => j.data.integrationId === data.integrationId);
    expect(waiting).to.have.length(1);
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
