import type { CatalogSyncJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import type { CatalogSyncOutcome, CatalogSyncUseCase } from './catalog-sync.usecase';
import { decideCatalogSyncFailure } from './decide-catalog-sync-failure';
import type { FanOutCatalogSyncUseCase } from './fan-out-catalog-sync.usecase';

/** One account's catalog sync: CatalogSyncUseCase. */
export function catalogSyncHandler(
  useCase: Pick<CatalogSyncUseCase, 'execute'>,
): JobHandler<CatalogSyncJobData, CatalogSyncOutcome> {
  return {
    label: 'catalog sync',
    execute: (data) => useCase.execute(data.accountId),
    decide: decideCatalogSyncFailure,
    describe: (data) => ({ accountId: data.accountId }),
    report: (outcome) => ({
      outcome: outcome.status === 'done' ? 'completed' : 'skipped',
      code: outcome.status,
      message: 'catalog sync finished',
      fields: { ...outcome },
    }),
  };
}

/** The daily tick: FanOutCatalogSyncUseCase (one sync job per connected account). */
export function catalogSyncTickHandler(
  useCase: Pick<FanOutCatalogSyncUseCase, 'execute'>,
): JobHandler<Record<string, never>, { accounts: number }> {
  return {
    label: 'catalog sync tick',
    execute: () => useCase.execute(),
    // One attempt (the catalog): the next day's tick fans out again.
    decide: (error) => ({
      action: 'retry',
      code: 'catalog_sync_tick_failed',
      reason: `catalog sync tick failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: 'catalog sync tick fanned out',
      fields: { ...outcome },
    }),
  };
}
