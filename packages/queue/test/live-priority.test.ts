import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { requireEnv } from '@carrot-bridge/test-support';
import { chatImportJobId, CHAT_IMPORT, type ChatImportJobData } from '../src/job-catalog';
import { BACKGROUND_PRIORITY, ChatImportProducer } from '../src/chat-import-producer';
import { createRedisConnection } from '../src/redis-connection';

describe('ChatImportProducer: fair order between integrations (real Redis)', function () {
  this.timeout(30_000);
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const opened: ChatImportProducer[] = [];
  const producerOn = (prefix: string, threshold = 20) => {
    const producer = new ChatImportProducer(redis, { prefix, liveBurstThreshold: threshold });
    opened.push(producer);
    return producer;
  };
  after(async () => {
    for (const producer of opened) {
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
    redis.disconnect();
  });

  const live = (integrationId: string, eventId: string): ChatImportJobData => ({
    integrationId,
    conversationId: String(1000 + Number(eventId.replace(/\D/g, '') || 0)),
    carrotUserId: '1038472615',
    eventId,
    receivedAt: new Date().toISOString(),
  });

  /** The jobs in the order a worker takes them (BullMQ's own fetch, nothing processed). */
  async function takeOrder(prefix: string, count: number): Promise<Job[]> {
    const connection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const worker = new Worker(CHAT_IMPORT.queue, null, { connection, prefix, autorun: false });
    const taken: Job[] = [];
    for (let i = 0; i < count; i++) {
      const job = (await worker.getNextJob(`t-${i}`, { block: false })) as Job | undefined;
      if (!job) break;
      taken.push(job);
    }
    await worker.close(true);
    connection.disconnect();
    return taken;
  }

  it("puts a bursting integration's backlog behind a quiet integration's later live chats", async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = producerOn(prefix);
    const [bursting, quiet] = [randomUUID(), randomUUID()];
    await Promise.all(Array.from({ length: 200 }, (_, i) => producer.enqueue(live(bursting, `b${i}`))));
    await Promise.all(Array.from({ length: 5 }, (_, i) => producer.enqueue(live(quiet, `q${i}`))));

    const order = (await takeOrder(prefix, 205)).map((job) => (job.data as ChatImportJobData).integrationId);
    expect(order).to.have.length(205);
    // Only the burst's first imports (below the threshold) go before the quiet integration's.
    const firstQuiet = order.indexOf(quiet);
    expect(firstQuiet).to.be.within(0, 19);
    expect(order.slice(firstQuiet, firstQuiet + 5)).to.deep.equal(Array(5).fill(quiet));
  });

  it('gives live imports priorities below the background ones, growing with the rate', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = producerOn(prefix);
    const bursting = randomUUID();
    await Promise.all(Array.from({ length: 200 }, (_, i) => producer.enqueue(live(bursting, `b${i}`))));
    const jobs = await producer.queue.getJobs(['waiting', 'prioritized'], 0, -1);
    const priorities = jobs.map((job) => job.opts.priority ?? 0);
    expect(priorities.filter((p) => p === 0)).to.have.length(19);
    expect(Math.max(...priorities)).to.equal(4); // 200 = 10 × 20: 1 + floor(log2 10)
    expect(Math.max(...priorities)).to.be.below(BACKGROUND_PRIORITY);
  });

  it('counts only background imports as pending backfill, not a burst of live ones', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = producerOn(prefix);
    const bursting = randomUUID();
    await Promise.all(Array.from({ length: 60 }, (_, i) => producer.enqueue(live(bursting, `b${i}`))));
    for (let i = 0; i < 3; i++) await producer.enqueueBackfill(live(randomUUID(), `backfill-${i}`));
    expect(await producer.queue.getPrioritizedCount()).to.equal(41 + 3);
    expect(await producer.pendingBackfill()).to.equal(3);
  });

  it('counts imports put back for later as pending backfill: a capped backfill does not flood the queue', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = producerOn(prefix);
    for (let i = 0; i < 2; i++) await producer.enqueueBackfill(live(randomUUID(), `backfill-${i}`));
    // What the worker's deferral leaves: the job in the delayed set, its priority kept.
    await producer.queue.add('import-chat', live(randomUUID(), 'deferred'), {
      priority: BACKGROUND_PRIORITY,
      delay: 60_000,
    });
    expect(await producer.queue.getDelayedCount()).to.equal(1);
    expect(await producer.pendingBackfill()).to.equal(3);
  });

  it('shares the rate between producers: another process sees the burst', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const [first, second] = [producerOn(prefix), producerOn(prefix)];
    const bursting = randomUUID();
    await Promise.all(Array.from({ length: 40 }, (_, i) => first.enqueue(live(bursting, `b${i}`))));
    // The second process learns the rate with its first round trip; its next import is placed by it.
    await second.enqueue(live(bursting, 'c0'));
    await second.enqueue(live(bursting, 'c1'));
    const job = await second.queue.getJob(chatImportJobId(live(bursting, 'c1')));
    expect(job?.opts.priority).to.equal(2); // 42 imports in the window: 1 + floor(log2 2.1)
  });

  it('keeps a redelivery of a job already added a duplicate, whatever priority it would get now', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = producerOn(prefix);
    const bursting = randomUUID();
    const first = live(bursting, 'b0');
    expect(await producer.enqueue(first)).to.equal('queued');
    await Promise.all(Array.from({ length: 100 }, (_, i) => producer.enqueue(live(bursting, `b${i + 1}`))));
    expect(await producer.enqueue(first)).to.equal('duplicate');
    expect((await producer.queue.getJob(chatImportJobId(first)))?.opts.priority ?? 0).to.equal(0);
  });
});
