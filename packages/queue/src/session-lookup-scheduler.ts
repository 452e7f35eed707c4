import type { Redis } from 'ioredis';
import { SESSION_LOOKUP } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

/**
 * Lookups asked within one window share one job (its id names the account and the window; BullMQ keeps
 * one job per id), which runs just after the window closes, when every lookup asked in it is stored.
 */
export const SESSION_LOOKUP_BATCH_WINDOW_MS = 1_000;

/** Puts session-lookup jobs into Redis: after an import asked for a lookup, and a run's re-run. */
export class SessionLookupScheduler extends CatalogQueueClient {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(SESSION_LOOKUP.queue, redis, options);
  }

  /**
   * A run of the account's lookups at `at` (now by default), in the window `at` falls in, or after
   * `afterWindow` (the running job's own window: the same id would be dropped while that job runs).
   */
  async schedule(accountId: string, options: { at?: Date; afterWindow?: number; now?: number } = {}): Promise<void> {
    const now = options.now ?? Date.now();
    const at = Math.max(options.at?.getTime() ?? now, now);
    const window = Math.max(Math.floor(at / SESSION_LOOKUP_BATCH_WINDOW_MS) + 1, (options.afterWindow ?? -1) + 1);
    const runAt = window * SESSION_LOOKUP_BATCH_WINDOW_MS;
    await this.jobs.add(SESSION_LOOKUP, { accountId, window }, { delay: runAt - now + 50 });
  }
}
