import {
  chatCountsOfIntegration,
  exportStatusSummary,
  readCatchUpState,
  retentionStatusOfAccount,
  type IntegrationSettingsRow,
} from '@carrot-bridge/db';
import { exportBlockersOf } from './export-blockers-of';
import type { IntegrationServiceDeps } from './integration-service-deps';

/** With Redis down the panel must say "unknown", never "0 waiting, 0 failed". */
const QUEUE_UNAVAILABLE = {
  waiting: null,
  retrying: null,
  failed: null,
  lastError: null,
  nextTryAt: null,
  unavailable: 'Очередь недоступна (Redis не отвечает): число задач неизвестно',
};

/**
 * The status panel (and `pnpm cq status`): what arrived, what waits or failed, the key, the catch-up and
 * the export — its jobs by state («Задачи»: waiting, retrying with the last error and the next try,
 * failed) and what blocks it — and the account's retention («Срок хранения переписки») with its last sweep.
 */
export class IntegrationStatusService {
  constructor(private readonly deps: Pick<IntegrationServiceDeps, 'db' | 'producer' | 'queues'>) {}

  async status(integration: IntegrationSettingsRow) {
    const id = integration.id;
    const [counts, lastWebhookAt, jobs, exportSummary, catchUp, exportJobs, blockers, retention] = await Promise.all([
      chatCountsOfIntegration(this.deps.db, id),
      this.deps.producer.lastWebhookAt(id).catch(() => null),
      this.deps.queues.importJobsOf(id).catch(() => null),
      exportStatusSummary(this.deps.db, id),
      readCatchUpState(this.deps.db, id),
      this.deps.queues.exportJobsOf(id).catch(() => null),
      exportBlockersOf(this.deps.db, integration),
      retentionStatusOfAccount(this.deps.db, integration.accountId),
    ]);
    return {
      active: integration.active,
      lastWebhookAt,
      // Chats are questions (a conversation can hold several); the conversations they belong to beside them.
      // Both by the chat's start; what was imported today (a backfill of last year, say) is counted apart.
      chats: counts.chats,
      conversations: counts.conversations,
      importedToday: counts.importedToday,
      jobs: jobs ?? { ...QUEUE_UNAVAILABLE, lastFailures: [] },
      key: { status: integration.keyStatus, error: integration.keyError, checkedAt: integration.keyCheckedAt },
      // The hourly catch-up (conversations whose webhook never came); null until its first run.
      catchUp: catchUp
        ? {
            lastStartedAt: catchUp.lastStartedAt,
            lastFinishedAt: catchUp.lastFinishedAt,
            scanned: catchUp.lastScanned,
            queued: catchUp.lastQueued,
            error: catchUp.lastError,
            watermark: catchUp.watermark,
          }
        : null,
      export: integration.exportBrand
        ? {
            brand: integration.exportBrand,
            error: integration.exportError,
            ...exportSummary,
            jobs: exportJobs ?? QUEUE_UNAVAILABLE,
            blockers,
          }
        : null,
      // The account's retention: days (null = kept for ever) and the daily sweep's last run (null before it).
      retention,
    };
  }
}
