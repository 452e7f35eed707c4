import type { Redis } from 'ioredis';
import type { Logger } from '@carrot-bridge/logging';
import {
  AuditPurgeScheduler,
  CatalogSyncScheduler,
  CatchUpScheduler,
  ChatExportScheduler,
  ChatImportProducer,
  PersonalDataScheduler,
  SessionLookupScheduler,
  type JobProducerOptions,
} from '@carrot-bridge/queue';

/**
 * What the worker itself enqueues: the catch-up's and backfills' imports, exports after imports, session
 * lookups, and the repeating ticks. All on one connection (main.ts gives the fail-fast one: the worker's
 * own waits out outages), scheduled at start-up together and closed together.
 */
export class WorkerSchedulers {
  readonly backgroundImports: ChatImportProducer;
  readonly exports: ChatExportScheduler;
  readonly catchUp: CatchUpScheduler;
  readonly catalogSync: CatalogSyncScheduler;
  readonly auditPurge: AuditPurgeScheduler;
  readonly personalData: PersonalDataScheduler;
  readonly sessionLookup: SessionLookupScheduler;

  constructor(redis: Redis, options: JobProducerOptions) {
    this.exports = new ChatExportScheduler(redis, options);
    this.backgroundImports = new ChatImportProducer(redis, options);
    this.catchUp = new CatchUpScheduler(redis, options);
    this.catalogSync = new CatalogSyncScheduler(redis, options);
    this.auditPurge = new AuditPurgeScheduler(redis, options);
    this.personalData = new PersonalDataScheduler(redis, options);
    this.sessionLookup = new SessionLookupScheduler(redis, options);
  }

  /** The repeating ticks; one that cannot be scheduled is logged, and the worker runs on without it. */
  scheduleTicks(catchUpIntervalMs: number, logger: Logger): void {
    const notScheduled = (what: string) => (error: Error) =>
      logger.error(`${what} could not be scheduled`, { error: error.message });
    this.catchUp.scheduleTicks(catchUpIntervalMs).catch(notScheduled('catch-up'));
    this.catalogSync.scheduleTicks().catch(notScheduled('catalog sync'));
    // The audit log is kept a year: a daily purge deletes older events (docs/access.md «Audit log»).
    this.auditPurge.scheduleTicks().catch(notScheduled('audit purge'));
    // Chats past an account's «Срок хранения переписки» lose their personal data: a daily sweep (docs/personal-data.md).
    this.personalData.scheduleTicks().catch(notScheduled('retention sweep'));
  }

  async close(): Promise<void> {
    await Promise.all([
      this.exports.close(),
      this.catchUp.close(),
      this.catalogSync.close(),
      this.auditPurge.close(),
      this.personalData.close(),
      this.sessionLookup.close(),
      this.backgroundImports.close(),
    ]);
  }
}
