import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

// The catch-up: CarrotQuest retries a failed webhook only "several times after a while"
// (https://carrotquest.io/integration/webhook), and our ingress may be down for longer, so every active
// integration lists the conversations updated since its last catch-up and queues the closed ones that
// changed as ordinary, idempotent import jobs. Two jobs live in one queue: a repeating `tick` that fans
// out, and one `integration` job per integration whose fixed job id makes it run once at a time across
// every worker and console process (BullMQ keeps one job per id while it waits or runs).

export const CATCH_UP_QUEUE = 'catch-up';
export const CATCH_UP_TICK_JOB = 'tick';
export const CATCH_UP_INTEGRATION_JOB = 'integration';
const TICK_SCHEDULER_ID = 'catch-up-tick';

export const catchUpJobSchema = z.object({ integrationId: z.uuid() });
export type CatchUpJobData = z.infer<typeof catchUpJobSchema>;

export function catchUpJobId(integrationId: string): string {
  return `catchup-${integrationId}`;
}

/**
 * Event id of a catch-up import: one per conversation AND per update, so a conversation that changed
 * since it was last imported gets a new job, and an unchanged one the same (no-op) job.
 */
export function catchUpEventId(conversationId: string, lastUpdateSeconds: number): string {
  return `catchup-${conversationId}-${Math.round(lastUpdateSeconds * 1000)}`;
}

export class CatchUpScheduler {
  readonly queue: Queue<CatchUpJobData | Record<string, never>>;

  constructor(redis: Redis, options: { prefix?: string } = {}) {
    this.queue = new Queue(CATCH_UP_QUEUE, { connection: redis, prefix: options.prefix ?? 'cb' });
    this.queue.on('error', () => undefined);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleTicks(everyMs: number): Promise<void> {
    if (everyMs <= 0) {
      await this.queue.removeJobScheduler(TICK_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(TICK_SCHEDULER_ID, { every: everyMs }, { name: CATCH_UP_TICK_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } });
  }

  /** Queues one integration's run unless one is already waiting or running (same job id). */
  async enqueueIntegration(integrationId: string): Promise<void> {
    const data = catchUpJobSchema.parse({ integrationId });
    // One attempt: a failed run is recorded on the integration and the next tick starts a fresh one.
    await this.queue.add(CATCH_UP_INTEGRATION_JOB, data, { jobId: catchUpJobId(integrationId), attempts: 1, removeOnComplete: true, removeOnFail: true });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
