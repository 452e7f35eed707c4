import { DATA_API_URLS, DataApiClient, DataApiError, DataApiErrorCode, type DataApiBrand } from '@carrot-bridge/data-api';
import { findChatsToExport, findIntegrationForExport, recordExportOutcome, setIntegrationExportError, type Database } from '@carrot-bridge/db';
import { buildDataApiChat, DATA_API_FALLBACK_TIME_ZONE, type DataApiChat } from '@carrot-bridge/domain';
import type { ChatExportJobData } from '@carrot-bridge/queue';
import { SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';

export interface ExportChatsDeps {
  db: Database;
  secretBox: SecretBox;
  /** Data API endpoint per brand (the public ones unless configured). */
  dataApiUrls: Record<DataApiBrand, string>;
  timeoutMs: number;
  now?: () => Date;
}

export type ExportRunOutcome =
  | { status: 'done'; exported: number; failed: number; notExportable: number }
  | { status: 'skipped'; reason: string };

/** The Data API's limit per upload.chats call. */
export const UPLOAD_BATCH_SIZE = 50;

/**
 * One export job: deliver every pending chat of the integration, 50 per upload.chats call, then tag
 * them. A chat the rules refuse is recorded as not exportable; a chat the Data API refuses (invalid_*
 * naming chats[i]) is recorded as failed with the field, and the rest of its batch is sent again.
 * Everything else (limits, access, outage) is thrown as a DataApiError for decideExportFailure.
 */
export class ExportChatsUseCase {
  constructor(private readonly deps: ExportChatsDeps) {}

  async execute(job: ChatExportJobData): Promise<ExportRunOutcome> {
    const { db } = this.deps;
    const integration = await findIntegrationForExport(db, job.integrationId);
    if (!integration || integration.deletedAt) return { status: 'skipped', reason: 'integration deleted' };
    if (!integration.exportBrand || !integration.exportTokenCiphertext) return { status: 'skipped', reason: 'export not configured' };
    const client = new DataApiClient({
      url: this.deps.dataApiUrls[integration.exportBrand],
      accessToken: this.deps.secretBox.decrypt(integration.exportTokenCiphertext, integrationSecretContext(integration.id, 'export-token')),
      timeoutMs: this.deps.timeoutMs,
    });
    const tagId = integration.taggingEnabled ? (integration.tag?.comagicId ?? null) : null;
    const totals = { exported: 0, failed: 0, notExportable: 0 };

    for (;;) {
      const chats = await findChatsToExport(db, integration.id, UPLOAD_BATCH_SIZE);
      if (chats.length === 0) break;
      const now = this.deps.now?.() ?? new Date();
      let batch: DataApiChat[] = [];
      for (const chat of chats) {
        const built = buildDataApiChat(
          {
            ...chat,
            sessionStartedAt: chat.visitorSession?.startedAt ?? null,
            trafficType: integration.trafficType,
            campaignComagicId: chat.campaign?.comagicId ?? null,
            sourceComagicId: chat.source?.comagicId ?? null,
            siteComagicId: chat.site?.comagicId ?? null,
            employeeComagicId: integration.defaultEmployee?.comagicId ?? null,
          },
          { now, timeZone: DATA_API_FALLBACK_TIME_ZONE },
        );
        if (built.exportable) batch.push(built.chat);
        else {
          await recordExportOutcome(db, chat.id, { status: 'not_exportable', reason: built.reason });
          totals.notExportable += 1;
        }
      }
      while (batch.length > 0) {
        try {
          const uploaded = await client.uploadChats(batch);
          for (const [i, chat] of batch.entries()) {
            if (tagId !== null) await client.tagChat(chat.ext_id, tagId);
            await recordExportOutcome(db, chat.ext_id, { status: 'exported', remoteId: uploaded[i]!.id });
            totals.exported += 1;
          }
          batch = [];
        } catch (error) {
          const index = error instanceof DataApiError && error.code === DataApiErrorCode.InvalidParams ? error.chatIndex : null;
          if (index === null || !batch[index]) throw error;
          await recordExportOutcome(db, batch[index]!.ext_id, { status: 'failed', reason: `the Data API refused the chat: ${error instanceof Error ? error.message : String(error)}` });
          totals.failed += 1;
          batch = batch.filter((_, i) => i !== index);
        }
      }
    }
    // Reaching here means the Data API accepted this integration's calls: clear an earlier refusal.
    await setIntegrationExportError(db, integration.id, null);
    return { status: 'done', ...totals };
  }
}
