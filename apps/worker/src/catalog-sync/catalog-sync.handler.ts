import type { CatalogSyncJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import { fanOutTickHandler } from '../lifecycle/fan-out-tick';
import { oneSubjectHandler } from '../job-handler-parts';
import type { CatalogSyncOutcome, CatalogSyncUseCase } from './catalog-sync.usecase';
import { decideCatalogSyncFailure } from './decide-catalog-sync-failure';
import type { FanOutCatalogSyncUseCase } from './fan-out-catalog-sync.usecase';

/** One account's catalog sync: CatalogSyncUseCase. */
export function catalogSyncHandler(
  useCase: Pick<CatalogSyncUseCase, 'execute'>,
): JobHandler<CatalogSyncJobData, CatalogSyncOutcome> {
  return oneSubjectHandler({ label: 'catalog sync', subject: 'accountId', decide: decideCatalogSyncFailure }, useCase);
}

/** The daily tick: FanOutCatalogSyncUseCase (one sync job per connected account). */
export function catalogSyncTickHandler(useCase: Pick<FanOutCatalogSyncUseCase, 'execute'>) {
  return fanOutTickHandler({ label: 'catalog sync tick', failureCode: 'catalog_sync_tick_failed' }, useCase);
}
