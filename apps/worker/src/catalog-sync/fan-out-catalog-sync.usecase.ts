import { listConnectedAccountIds, type Database } from '@carrot-bridge/db';
import type { CatalogSyncScheduler } from '@carrot-bridge/queue';

/** The daily catalog sync tick: one sync job per account connected to its cabinet. */
export class FanOutCatalogSyncUseCase {
  constructor(
    private readonly db: Database,
    private readonly scheduler: Pick<CatalogSyncScheduler, 'enqueueAccount'>,
  ) {}

  async execute(): Promise<{ accounts: number }> {
    const accounts = await listConnectedAccountIds(this.db);
    for (const accountId of accounts) await this.scheduler.enqueueAccount(accountId);
    return { accounts: accounts.length };
  }
}
