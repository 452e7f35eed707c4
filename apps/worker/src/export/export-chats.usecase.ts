import { DataApiClient, UPLOAD_CHATS_MAX, type DataApiBrand } from '@carrot-bridge/data-api';
import {
  findChatsToExport,
  findIntegrationForExport,
  recordExportOutcome,
  setIntegrationExportError,
  type Database,
} from '@carrot-bridge/db';
import { buildDataApiChat, type DataApiChat } from '@carrot-bridge/domain';
import type { ChatExportJobData } from '@carrot-bridge/queue';
import { SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import { decideTagRefusal, decideUploadRefusal } from './decide-export-failure';
import { resolveExportTimeZone } from './export-time-zone';
import { heldSessionIds } from './session-lookup-hold';
import type { GiveUpDecision } from '../lifecycle/failure-decision';

export interface ExportChatsDeps {
  db: Database;
  secretBox: SecretBox;
  /** Data API endpoint per brand (the public ones unless configured). */
  dataApiUrls: Record<DataApiBrand, string>;
  timeoutMs: number;
  /** The cabinet lookups' runs (SessionLookupScheduler): a chat waiting on one is held until its bound. */
  sessionLookups?: { schedule(accountId: string, options: { at: Date }): Promise<void> };
  now?: () => Date;
}

export type ExportRunOutcome =
  { status: 'done'; exported: number; failed: number; notExportable: number } | { status: 'skipped'; reason: string };

type Totals = { exported: number; failed: number; notExportable: number };

/**
 * One export job: deliver every pending chat of the integration, 50 per upload.chats call, in the
 * account's time zone, then tag them. A chat our rules refuse is recorded as not exportable; a chat
 * the Data API refuses is recorded as failed with the reason (decideUploadRefusal), and the rest go
 * out. Everything else (limits, access, outage) is thrown for decideExportFailure.
 */
export class ExportChatsUseCase {
  constructor(private readonly deps: ExportChatsDeps) {}

  /** Giving up for good on a refusal of the whole integration (token, component): recorded on it and shown on the page. */
  async onGiveUp(job: ChatExportJobData, decision: GiveUpDecision): Promise<void> {
    if (decision.keyInvalid) await setIntegrationExportError(this.deps.db, job.integrationId, decision.reason);
  }

  async execute(job: ChatExportJobData): Promise<ExportRunOutcome> {
    const { db } = this.deps;
    const integration = await findIntegrationForExport(db, job.integrationId);
    if (!integration || integration.deletedAt) return { status: 'skipped', reason: 'integration deleted' };
    if (!integration.exportBrand || !integration.exportTokenCiphertext)
      return { status: 'skipped', reason: 'export not configured' };
    const accessToken = this.deps.secretBox.decrypt(
      integration.exportTokenCiphertext,
      integrationSecretContext(integration.id, 'export-token'),
    );
    const client = new DataApiClient({
      url: this.deps.dataApiUrls[integration.exportBrand],
      accessToken,
      timeoutMs: this.deps.timeoutMs,
    });
    const timeZone = await resolveExportTimeZone(db, integration, accessToken, client);
    const tagId = integration.taggingEnabled ? (integration.tag?.comagicId ?? null) : null;
    const totals: Totals = { exported: 0, failed: 0, notExportable: 0 };
    const held = await heldSessionIds(
      db,
      integration.accountId,
      this.deps.now?.() ?? new Date(),
      this.deps.sessionLookups,
    );

    const operatorEmployees = new Map(
      integration.operators.flatMap((o) => (o.employee ? [[o.carrotAdminId, o.employee] as const] : [])),
    );
    for (;;) {
      const chats = await findChatsToExport(db, integration.id, UPLOAD_CHATS_MAX, held);
      if (chats.length === 0) break;
      const now = this.deps.now?.() ?? new Date();
      const batch: DataApiChat[] = [];
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
            chatEmployee: chat.employee,
            operatorEmployees,
          },
          { now, timeZone },
        );
        if (built.exportable) batch.push(built.chat);
        else {
          await recordExportOutcome(db, chat.id, { status: 'not_exportable', reason: built.reason });
          totals.notExportable += 1;
        }
      }
      await this.deliver(client, batch, tagId, totals);
    }
    // Reaching here means the Data API accepted this integration's calls: clear an earlier refusal.
    await setIntegrationExportError(db, integration.id, null);
    return { status: 'done', ...totals };
  }

  /** Uploads `batch`; a refused chat is marked and left out, and the rest is sent again at once. */
  private async deliver(
    client: DataApiClient,
    batch: DataApiChat[],
    tagId: number | null,
    totals: Totals,
  ): Promise<void> {
    const { db } = this.deps;
    let rest = batch;
    while (rest.length > 0) {
      let uploaded;
      try {
        uploaded = await client.uploadChats(rest);
      } catch (error) {
        const decision = decideUploadRefusal(error, rest.length);
        if (decision.action === 'fail-job') throw error;
        if (decision.action === 'one-by-one') {
          for (const chat of rest) await this.deliver(client, [chat], tagId, totals);
          return;
        }
        await recordExportOutcome(db, rest[decision.index]!.ext_id, { status: 'failed', reason: decision.reason });
        totals.failed += 1;
        rest = rest.filter((_, i) => i !== decision.index);
        continue;
      }
      // result.data[i] is chats[i]: the answer carries no ext_id (https://comagic.github.io/data_api/communication/upload_chats/).
      for (const [i, chat] of rest.entries()) {
        const note = tagId === null ? undefined : await this.tag(client, chat.ext_id, tagId);
        await recordExportOutcome(db, chat.ext_id, {
          status: 'exported',
          remoteId: uploaded[i]!.id,
          ...(note ? { note } : {}),
        });
        totals.exported += 1;
      }
      return;
    }
  }

  /** Tags a delivered chat; a refused tag is noted on the chat (it stays delivered), anything else is the job's. */
  private async tag(client: DataApiClient, extId: string, tagId: number): Promise<string | undefined> {
    try {
      await client.tagChat(extId, tagId);
      return undefined;
    } catch (error) {
      const decision = decideTagRefusal(error);
      if (decision.action === 'fail-job') throw error;
      return decision.note;
    }
  }
}
