import type { CarrotQuestAccessSettings } from '@carrot-bridge/carrotquest';
import type { Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import type { ChatImportProducer, QueueInspector } from '@carrot-bridge/queue';
import type { WebhookDirectory } from '@carrot-bridge/webhook-directory';
import type { SecretBox } from '@carrot-bridge/secrets';
import type { AuditRecorder } from '../audit/audit-log';
import type { ExportTokenCabinetCheck } from './export-token-cabinet-check';

/** Everything IntegrationService and the services it builds take (the status service picks db, producer, queues). */
export interface IntegrationServiceDeps extends CarrotQuestAccessSettings {
  db: Database;
  /** The status panel's last webhook. */
  producer: Pick<ChatImportProducer, 'lastWebhookAt'>;
  /** The status panel's import and export jobs. */
  queues: Pick<QueueInspector, 'importJobsOf' | 'exportJobsOf'>;
  secretBox: SecretBox;
  directory: WebhookDirectory;
  publicBaseUrl: string;
  /** Every change and key check is recorded with its author (docs/access.md «Audit log»). */
  audit: AuditRecorder;
  /** Where the details of a failed key check go (users see a generic message). */
  logger?: Logger;
  /** Re-sends an integration's pending chats to the Data API after its export settings are saved. */
  exportScheduler?: { schedule(integrationId: string): Promise<void> };
  /** Refuses an export token of another cabinet than the account's connection (docs/cabinet.md). */
  exportTokenCabinetCheck?: ExportTokenCabinetCheck;
}
