import { CATALOG_SYNC, CATALOG_SYNC_TICK } from './job-catalog';
import { repeatingTickScheduler } from './repeating-tick-scheduler';

// The catalog sync (docs/cabinet.md): on connect and on «Обновить из CoMagic» the console enqueues one
// account's run; a repeating tick, once a day, fans out one run per connected account.

/** How often every connected account's catalog is read from its cabinet. */
export const CATALOG_SYNC_EVERY_MS = 24 * 60 * 60_000;

export class CatalogSyncScheduler extends repeatingTickScheduler({
  schedulerId: 'catalog-sync-tick',
  job: CATALOG_SYNC_TICK,
  everyMs: CATALOG_SYNC_EVERY_MS,
}) {
  /** Queues one account's sync unless one is already waiting or running (same job id). */
  async enqueueAccount(accountId: string): Promise<void> {
    await this.jobs.add(CATALOG_SYNC, { accountId });
  }
}
