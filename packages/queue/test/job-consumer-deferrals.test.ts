import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { CHAT_IMPORT, type ChatImportJobData } from '../src/job-catalog';
import { ChatImportProducer } from '../src/chat-import-producer';
import { JobConsumer, routeJob, type JobAttempt, type JobVerdict } from '../src/job-consumer';
import { createRedisConnection } from '../src/redis-connection';
import { DEFAULT_RETRY_POLICY } from '../src/retry-policy';

describe('JobConsumer: deferrals are not waits (real Redis)', function () {
  this.timeout(30_000);
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const workerConnection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  after(() => {
    redis.disconnect();
    workerConnection.disconnect();
  });

  it("counts neither an attempt nor one of the job's waits for a deferral, but does count a wait", async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const producer = new ChatImportProducer(redis, { prefix });
    const seen: JobAttempt[] = [];
    const payloadKeys: string[] = [];
    const verdicts: JobVerdict[] = [
      ...Array.from({ length: 5 }, () => ({ kind: 'wait' as const, delayMs: 1, reason: 'busy', deferral: true })),
      { kind: 'wait', delayMs: 1, reason: 'CarrotQuest answered 429' },
    ];
    const consumer = new JobConsumer(
      [
        routeJob(CHAT_IMPORT, {
          run: async (data: ChatImportJobData, attempt) => {
            seen.push(attempt);
            payloadKeys.push(Object.keys(data).sort().join(','));
            if (verdicts.length > 0) throw new Error('not yet');
            return 'done';
          },
          fail: async () => verdicts.shift()!,
        }),
      ],
      { connection: workerConnection, prefix, concurrency: 1, retryPolicy: DEFAULT_RETRY_POLICY },
    );
    consumer.start();
    try {
      await producer.enqueue({
        integrationId: randomUUID(),
        conversationId: '1',
        carrotUserId: null,
        eventId: 'e1',
        receivedAt: new Date().toISOString(),
      });
      await waitFor('the job to finish', async () => (seen.length === 7 ? true : undefined), 20_000, 20);
      // Five deferrals, then one wait: the last start has waited once and spent no attempt.
      expect(seen.map((a) => a.waits)).to.deep.equal([0, 0, 0, 0, 0, 0, 1]);
      expect(seen.map((a) => a.attempt)).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
      // The handler sees the payload as its schema reads it: the counter is not part of it.
      expect(new Set(payloadKeys)).to.deep.equal(
        new Set(['carrotUserId,conversationId,eventId,integrationId,receivedAt']),
      );
    } finally {
      await consumer.close();
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
  });
});
