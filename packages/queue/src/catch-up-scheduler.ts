import type { Redis } from 'ioredis';
import { CATCH_UP, CATCH_UP_TICK } from './job-catalog';
import { type JobProducerOptions } from './job-producer';
import { RepeatingTickScheduler } from './repeating-tick-scheduler';

// The catch-up: CarrotQuest retries a failed webhook only "several times after a while"
// (https://carrotquest.io/integration/webhook), and our ingress may be down for longer, so every active
// integration lists the conversations updated since its last catch-up and queues the closed ones that
// changed as ordinary, idempotent import jobs. A repeating tick fans out one CATCH_UP job per integration.

const TICK_SCHEDULER_ID = 'catch-up-tick';

export class CatchUpScheduler extends RepeatingTickScheduler {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(CATCH_UP.queue, redis, options, TICK_SCHEDULER_ID, CATCH_UP_TICK);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleTicks(everyMs: number): Promise<void> {
    await this.repeatTicks(everyMs);
  }

  /** A tick now (operators, tests). */
  async tick(): Promise<void> {
    await this.jobs.queue.add(CATCH_UP_TICK.name, {}, { removeOnComplete: true, removeOnFail: { count: 100 } });
  }

  /** Queues one integration's run unless one is already waiting or running (same job id). */
  async enqueueIntegration(integrationId: string): Promise<void> {
    await this.jobs.add(CATCH_UP, { integrationId });
  }
}
