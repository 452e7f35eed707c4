import type { Redis } from 'ioredis';
import { CarrotQuestError, CarrotQuestErrorCode, DEFAULT_RETRY_AFTER_MS, type CarrotQuestClient, type PagePosition } from '@carrot-bridge/carrotquest';
import { backfillEventId, type ChatImportProducer } from '@carrot-bridge/queue';

export interface BackfillProgress {
  integrationId: string;
  from: string;
  to: string;
  status: 'running' | 'interrupted' | 'done' | 'failed';
  /** The `[last_update, id]` position after the last page read, exactly as CarrotQuest sent it: where a resumed run continues. */
  cursor: PagePosition | null;
  scanned: number;
  queued: number;
  /**
   * How far the scan is (0-1), by time: the list runs from the newest update back to the period's start,
   * so this is how much of [start, newest update seen] lies behind it.
   */
  fraction: number;
  /** `last_update` (unix s) of the newest conversation read: the top of the time the scan walks down. */
  newestUpdate: number | null;
  startedAt: string;
  updatedAt: string;
  error: string | null;
}

export interface BackfillDeps {
  redis: Redis;
  prefix: string;
  producer: Pick<ChatImportProducer, 'enqueueBackfill' | 'pendingBackfill'>;
  client: Pick<CarrotQuestClient, 'listConversations'>;
  /** Backfill jobs allowed to wait in Redis at once; the scan pauses above it (bounded memory, live traffic first). */
  maxPending?: number;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: BackfillProgress) => void;
}

const DEFAULT_MAX_PENDING = 500;

/**
 * Imports a period of CarrotQuest history. The app's conversation list comes most recently updated first
 * (https://developers.dashly.io/webapi/endpoints/apps/conversations: "Pagination is performed by last
 * conversation update time (field last_update) in descending order"), so the scan walks down from now and
 * stops at the first conversation last updated before the period's start: one created in the period
 * cannot have been updated before it began. Each closed conversation created in [from, to] is queued as
 * the same import job a webhook makes (event id `backfill-<conversation>`, so live traffic and repeats make
 * no second chat), at a priority below live jobs. Progress lives in Redis: an interrupted run (Ctrl-C, a
 * crash, a console restart) resumes from its `[last_update, id]` cursor when started again with the same
 * period. CarrotQuest's 429 on the listing is waited out.
 */
export class BackfillRun {
  private stopRequested = false;

  constructor(private readonly deps: BackfillDeps) {}

  static key(prefix: string, integrationId: string): string {
    return `${prefix}:backfill:${integrationId}`;
  }

  static async read(redis: Redis, prefix: string, integrationId: string): Promise<BackfillProgress | null> {
    const raw = await redis.get(BackfillRun.key(prefix, integrationId));
    return raw ? (JSON.parse(raw) as BackfillProgress) : null;
  }

  /** Ask a running scan to stop after the current page; its cursor is kept for a resume. */
  stop(): void {
    this.stopRequested = true;
  }

  async run(integrationId: string, from: Date, to: Date): Promise<BackfillProgress> {
    const { redis, prefix, producer, client } = this.deps;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    const previous = await BackfillRun.read(redis, prefix, integrationId);
    const resumable = previous && previous.from === from.toISOString() && previous.to === to.toISOString() && previous.status !== 'done';
    const now = new Date().toISOString();
    const progress: BackfillProgress = resumable
      ? { ...previous, status: 'running', error: null, updatedAt: now }
      : { integrationId, from: from.toISOString(), to: to.toISOString(), status: 'running', cursor: null, scanned: 0, queued: 0, fraction: 0, newestUpdate: null, startedAt: now, updatedAt: now, error: null };
    const save = async () => {
      progress.updatedAt = new Date().toISOString();
      await redis.set(BackfillRun.key(prefix, integrationId), JSON.stringify(progress));
      this.deps.onProgress?.({ ...progress });
    };
    await save();

    const fromSeconds = from.getTime() / 1000;
    const toSeconds = to.getTime() / 1000;
    try {
      for (;;) {
        if (this.stopRequested) {
          progress.status = 'interrupted';
          break;
        }
        while ((await producer.pendingBackfill()) >= (this.deps.maxPending ?? DEFAULT_MAX_PENDING)) await sleep(1_000);
        let page;
        try {
          page = await client.listConversations({ position: progress.cursor, count: this.deps.pageSize ?? 50 });
        } catch (error) {
          if (error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited) {
            await sleep(error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
            continue;
          }
          throw error;
        }
        let pastStart = false;
        for (const conversation of page.conversations) {
          const lastUpdate = conversation.last_update ?? conversation.created;
          if (lastUpdate < fromSeconds) {
            pastStart = true;
            break;
          }
          progress.scanned += 1;
          progress.newestUpdate ??= lastUpdate;
          if (conversation.created >= fromSeconds && conversation.created <= toSeconds && conversation.closed !== false) {
            await producer.enqueueBackfill({
              integrationId,
              conversationId: conversation.id,
              carrotUserId: conversation.user?.id ?? null,
              eventId: backfillEventId(conversation.id),
              receivedAt: new Date(lastUpdate * 1000).toISOString(),
            });
            progress.queued += 1;
          }
          progress.fraction = Math.min(1, Math.max(progress.fraction, (progress.newestUpdate - lastUpdate) / Math.max(1, progress.newestUpdate - fromSeconds)));
        }
        if (pastStart || page.next === null) {
          progress.status = 'done';
          progress.fraction = 1;
          break;
        }
        progress.cursor = page.next;
        await save();
      }
    } catch (error) {
      progress.status = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
    }
    await save();
    return progress;
  }
}
