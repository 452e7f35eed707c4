import { scanConversations, type IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import {
  findImportedUpdateTimes,
  findIntegrationForImport,
  readCatchUpState,
  recordCatchUpEnd,
  recordCatchUpStart,
  type Database,
} from '@carrot-bridge/db';
import { catchUpEventId, type ChatImportProducer } from '@carrot-bridge/queue';

export interface CatchUpDeps {
  db: Database;
  carrotQuest: Pick<IntegrationCarrotQuestAccess, 'clientFor'>;
  producer: Pick<ChatImportProducer, 'enqueueBackfill'>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type CatchUpOutcome =
  { status: 'done'; scanned: number; queued: number; watermark: string | null } | { status: 'skipped'; reason: string };

/**
 * A run reads back a little past the previous watermark: a conversation updated in the same second
 * as the last one seen, or whose update became visible late, is not missed (its import is idempotent).
 */
export const CATCH_UP_OVERLAP_SECONDS = 10 * 60;
/** The first run of an integration looks back this far (not before the integration existed): backfill is for history. */
export const CATCH_UP_FIRST_LOOKBACK_SECONDS = 24 * 60 * 60;
/** A guard against a listing that never ends: 50 conversations a page, 100,000 updated conversations per run. */
const MAX_PAGES = 2_000;
/** A longer 429 than this fails the run (recorded; the next tick tries again) instead of holding a worker slot. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * One integration's catch-up: scans the app's conversations most recently updated first
 * (scanConversations, shared with the backfill) down to the last run's watermark,
 * and queues each closed one that changed since it was imported (its `last_update` is newer than the
 * one recorded on the chat, or there is no chat) as the same idempotent import job a webhook makes, at
 * the backfill's priority so live webhooks go first. Records the run on the integration.
 */
export class CatchUpUseCase {
  constructor(private readonly deps: CatchUpDeps) {}

  async execute(integrationId: string): Promise<CatchUpOutcome> {
    const { db } = this.deps;
    const now = this.deps.now?.() ?? Date.now();
    const integration = await findIntegrationForImport(db, integrationId);
    if (!integration || integration.deletedAt || !integration.active)
      return { status: 'skipped', reason: 'integration inactive or deleted' };
    if (integration.keyStatus === 'invalid') return { status: 'skipped', reason: 'API key refused by CarrotQuest' };

    const state = await readCatchUpState(db, integrationId);
    await recordCatchUpStart(db, integration.accountId, integrationId, new Date(now));
    const floor = state?.watermark
      ? state.watermark.getTime() / 1000 - CATCH_UP_OVERLAP_SECONDS
      : Math.max(integration.createdAt.getTime() / 1000, now / 1000 - CATCH_UP_FIRST_LOOKBACK_SECONDS) -
        CATCH_UP_OVERLAP_SECONDS;

    let scanned = 0;
    let queued = 0;
    let newest: number | null = null;
    try {
      const pages = scanConversations({
        client: this.deps.carrotQuest.clientFor(integration),
        floor,
        position: null,
        maxPages: MAX_PAGES,
        maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS,
        ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
      });
      for await (const page of pages) {
        scanned += page.conversations.length;
        for (const { lastUpdate } of page.conversations) newest = Math.max(newest ?? lastUpdate, lastUpdate);
        const closed = page.conversations.filter((conversation) => conversation.closed);
        const imported = await findImportedUpdateTimes(
          db,
          integrationId,
          closed.map((conversation) => conversation.id),
        );
        for (const conversation of closed) {
          const importedAt = imported.get(conversation.id);
          if (importedAt && importedAt.getTime() >= Math.round(conversation.lastUpdate * 1000)) continue;
          await this.deps.producer.enqueueBackfill({
            integrationId,
            conversationId: conversation.id,
            carrotUserId: conversation.userId,
            eventId: catchUpEventId(conversation.id, conversation.lastUpdate),
            receivedAt: new Date(conversation.lastUpdate * 1000).toISOString(),
          });
          queued += 1;
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // What was queued stays queued; the watermark does not move, so the next run reads it all again.
      await recordCatchUpEnd(db, integrationId, {
        finishedAt: new Date(),
        scanned,
        queued,
        error: message,
        watermark: null,
      });
      throw error;
    }
    const watermark = newest === null ? null : new Date(newest * 1000);
    await recordCatchUpEnd(db, integrationId, { finishedAt: new Date(), scanned, queued, error: null, watermark });
    return { status: 'done', scanned, queued, watermark: watermark?.toISOString() ?? null };
  }
}
