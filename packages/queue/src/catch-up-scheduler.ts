import type { Redis } from 'ioredis';
import { CATCH_UP, CATCH_UP_TICK } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

// The catch-up: CarrotQuest retries a failed webhook only "several times after a while"
// (https://carrotquest.io/integration/webhook), and our ingress may be down for longer, so every active
// integration lists the conversations updated since its last catch-up and queues the closed ones that
// changed as ordinary, idempotent import jobs. A repeating tick fans out one CATCH_UP job per integration.

const TICK_SCHEDULER_ID = 'catch-up-tick';

export class CatchUpScheduler extends CatalogQueueClient {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(CATCH_UP.queue, redis, options);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleTicks(everyMs: number): Promise<void> {
    if (everyMs <= 0) {
      await this.jobs.queue.removeJobScheduler(TICK_SCHEDULER_ID);
      return;
    }
    await this.jobs.queue.upsertJobScheduler(
      TICK_SCHEDULER_ID,
      { every: everyMs },
      {
        name: CATCH_UP_TICK.name,
        data: {},
        opts: {
          removeOnComplete: CATCH_UP_TICK.retention.removeOnComplete,
          removeOnFail: CATCH_UP_TICK.retention.removeOnFail,
        },
      },
    );
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
