import type { Redis } from 'ioredis';
import { CATALOG_SYNC, CATALOG_SYNC_TICK } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

// The catalog sync (docs/cabinet.md): on connect and on «Обновить из CoMagic» the console enqueues one
// account's run; a repeating tick, once a day, fans out one run per connected account.

const TICK_SCHEDULER_ID = 'catalog-sync-tick';

/** How often every connected account's catalog is read from its cabinet. */
export const CATALOG_SYNC_EVERY_MS = 24 * 60 * 60_000;

export class CatalogSyncScheduler extends CatalogQueueClient {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(CATALOG_SYNC.queue, redis, options);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleTicks(everyMs: number = CATALOG_SYNC_EVERY_MS): Promise<void> {
    if (everyMs <= 0) {
      await this.jobs.queue.removeJobScheduler(TICK_SCHEDULER_ID);
      return;
    }
    await this.jobs.queue.upsertJobScheduler(
      TICK_SCHEDULER_ID,
      { every: everyMs },
      {
        name: CATALOG_SYNC_TICK.name,
        data: {},
        opts: {
          removeOnComplete: CATALOG_SYNC_TICK.retention.removeOnComplete,
          removeOnFail: CATALOG_SYNC_TICK.retention.removeOnFail,
        },
      },
    );
  }

  /** A tick now (operators, tests). */
  async tick(): Promise<void> {
    await this.jobs.add(CATALOG_SYNC_TICK, {});
  }

  /** Queues one account's sync unless one is already waiting or running (same job id). */
  async enqueueAccount(accountId: string): Promise<void> {
    await this.jobs.add(CATALOG_SYNC, { accountId });
  }
}
