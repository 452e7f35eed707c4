import { listConnectedAccountIds, type Database } from '@carrot-bridge/db';
import type { CatalogSyncScheduler } from '@carrot-bridge/queue';
import { FanOutUseCase } from '../lifecycle/fan-out-tick';

/** The daily catalog sync tick: one sync job per account connected to its cabinet. */
export class FanOutCatalogSyncUseCase extends FanOutUseCase {
  constructor(db: Database, scheduler: Pick<CatalogSyncScheduler, 'enqueueAccount'>) {
    super(
      () => listConnectedAccountIds(db),
      (accountId) => scheduler.enqueueAccount(accountId),
    );
  }
}
