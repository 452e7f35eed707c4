import { auditPurgeHandler } from './audit-purge/audit-purge.handler';
import type { AuditPurgeUseCase } from './audit-purge/audit-purge.usecase';
import { backfillHandler } from './backfill/backfill.handler';
import type { BackfillUseCase } from './backfill/backfill.usecase';
import { catalogSyncHandler, catalogSyncTickHandler } from './catalog-sync/catalog-sync.handler';
import type { CatalogSyncUseCase } from './catalog-sync/catalog-sync.usecase';
import type { FanOutCatalogSyncUseCase } from './catalog-sync/fan-out-catalog-sync.usecase';
import { catchUpHandler, catchUpTickHandler } from './catch-up/catch-up.handler';
import type { CatchUpUseCase } from './catch-up/catch-up.usecase';
import type { FanOutCatchUpUseCase } from './catch-up/fan-out-catch-up.usecase';
import { chatExportHandler } from './export/chat-export.handler';
import type { ExportChatsUseCase } from './export/export-chats.usecase';
import { chatImportHandler } from './import/chat-import.handler';
import type { ImportChatUseCase } from './import/import-chat.usecase';
import type { JobHandlerMap } from './lifecycle/job-workers';
import { personalDataCompactionHandler } from './personal-data-compaction/compaction.handler';
import type { PersonalDataCompactionUseCase } from './personal-data-compaction/compaction.usecase';
import { retentionSweepHandler } from './retention/retention-sweep.handler';
import type { RetentionSweepUseCase } from './retention/retention-sweep.usecase';
import { sessionLookupHandler } from './session-lookup/session-lookup.handler';
import type { SessionLookupUseCase } from './session-lookup/session-lookup.usecase';

export interface WorkerUseCases {
  importChat: ImportChatUseCase;
  exportChats: ExportChatsUseCase;
  catchUp: CatchUpUseCase;
  fanOutCatchUp: FanOutCatchUpUseCase;
  backfill: BackfillUseCase;
  catalogSync: CatalogSyncUseCase;
  fanOutCatalogSync: FanOutCatalogSyncUseCase;
  sessionLookup: SessionLookupUseCase;
  auditPurge: AuditPurgeUseCase;
  retentionSweep: RetentionSweepUseCase;
  personalDataCompaction: PersonalDataCompactionUseCase;
}

/** Each job of the catalog handed to its use case: the compiler checks that every kind has one. */
export function jobHandlerMap(useCases: WorkerUseCases, options: { maxRateLimitWaits: number }): JobHandlerMap {
  return {
    chatImport: chatImportHandler(useCases.importChat, options.maxRateLimitWaits),
    chatExport: chatExportHandler(useCases.exportChats),
    catchUp: catchUpHandler(useCases.catchUp),
    catchUpTick: catchUpTickHandler(useCases.fanOutCatchUp),
    backfill: backfillHandler(useCases.backfill),
    catalogSync: catalogSyncHandler(useCases.catalogSync),
    catalogSyncTick: catalogSyncTickHandler(useCases.fanOutCatalogSync),
    sessionLookup: sessionLookupHandler(useCases.sessionLookup),
    auditPurge: auditPurgeHandler(useCases.auditPurge),
    retentionSweep: retentionSweepHandler(useCases.retentionSweep),
    personalDataCompaction: personalDataCompactionHandler(useCases.personalDataCompaction),
  };
}
