import { CarrotQuestError, CarrotQuestErrorCode, DEFAULT_RETRY_AFTER_MS, type CarrotQuestClient, type IntegrationCarrotQuestAccess, type PagePosition } from '@carrot-bridge/carrotquest';
import {
  findImportedUpdateTimes,
  findIntegrationForImport,
  readCatchUpState,
  recordCatchUpEnd,
  recordCatchUpStart,
  type Database,
} from '@carrot-bridge/db';
import { catchUpEventId, type ChatImportJobData, type ChatImportProducer } from '@carrot-bridge/queue';

export interface CatchUpDeps {
  db: Database;
  carrotQuest: Pick<IntegrationCarrotQuestAccess, 'clientFor'>;
  producer: Pick<ChatImportProducer, 'enqueueBackfill'>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type CatchUpOutcome =
  | { status: 'done'; scanned: number; queued: number; watermark: string | null }
  | { status: 'skipped'; reason: string };

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
 * One integration's catch-up: lists the app's conversations most recently updated first
 * (https://developers.dashly.io/webapi/endpoints/apps/conversations) down to the last run's watermark,
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
    if (!integration || integration.deletedAt || !integration.active) return { status: 'skipped', reason: 'integration inactive or deleted' };
    if (integration.keyStatus === 'invalid') return { status: 'skipped', reason: 'API key refused by CarrotQuest' };

    const state = await readCatchUpState(db, integrationId);
    await recordCatchUpStart(db, integration.accountId, integrationId, new Date(now));
    const floor = state?.watermark
      ? state.watermark.getTime() / 1000 - CATCH_UP_OVERLAP_SECONDS
      : Math.max(integration.createdAt.getTime() / 1000, now / 1000 - CATCH_UP_FIRST_LOOKBACK_SECONDS) - CATCH_UP_OVERLAP_SECONDS;

    let scanned = 0;
    let queued = 0;
    let newest: number | null = null;
    try {
      const client = this.deps.carrotQuest.clientFor(integration);
      let position: PagePosition | null = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const { conversations, next } = await this.listPage(client, position);
        const fresh = [];
        let pastFloor = false;
        for (const conversation of conversations) {
          const lastUpdate = conversation.last_update ?? conversation.created;
          if (lastUpdate < floor) {
            pastFloor = true;
            break;
          }
          scanned += 1;
          newest = Math.max(newest ?? lastUpdate, lastUpdate);
          if (conversation.closed !== false) fresh.push({ conversation, lastUpdate });
        }
        const imported = await findImportedUpdateTimes(db, integrationId, fresh.map((f) => f.conversation.id));
        for (const { conversation, lastUpdate } of fresh) {
          const importedAt = imported.get(conversation.id);
          if (importedAt && importedAt.getTime() >= Math.round(lastUpdate * 1000)) continue;
          const job: ChatImportJobData = {
            integrationId,
            conversationId: conversation.id,
            carrotUserId: conversation.user?.id ?? null,
            eventId: catchUpEventId(conversation.id, lastUpdate),
            receivedAt: new Date(lastUpdate * 1000).toISOString(),
          };
          await this.deps.producer.enqueueBackfill(job);
          queued += 1;
        }
        if (pastFloor || next === null) break;
        position = next;
        if (page === MAX_PAGES - 1) throw new Error(`the conversation list did not end after ${MAX_PAGES} pages`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // What was queued stays queued; the watermark does not move, so the next run reads it all again.
      await recordCatchUpEnd(db, integrationId, { finishedAt: new Date(), scanned, queued, error: message, watermark: null });
      throw error;
    }
    const watermark = newest === null ? null : new Date(newest * 1000);
    await recordCatchUpEnd(db, integrationId, { finishedAt: new Date(), scanned, queued, error: null, watermark });
    return { status: 'done', scanned, queued, watermark: watermark?.toISOString() ?? null };
  }

  private async listPage(client: Pick<CarrotQuestClient, 'listConversations'>, position: PagePosition | null) {
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (;;) {
      try {
        return await client.listConversations({ position, count: 50 });
      } catch (error) {
        const wait = error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited ? error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS : null;
        if (wait === null || wait > MAX_RATE_LIMIT_WAIT_MS) throw error;
        await sleep(wait);
      }
    }
  }
}
