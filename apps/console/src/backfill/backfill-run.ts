import type { Redis } from 'ioredis';
import { CarrotQuestError, CarrotQuestErrorCode, DEFAULT_RETRY_AFTER_MS, type CarrotQuestClient } from '@carrot-bridge/carrotquest';
import { backfillEventId, type ChatImportProducer } from '@carrot-bridge/queue';

export interface BackfillProgress {
  integrationId: string;
  from: string;
  to: string;
  status: 'running' | 'interrupted' | 'done' | 'failed';
  /** The last conversation id read: where a resumed run continues. */
  cursor: string | null;
  scanned: number;
  queued: number;
  /** How far through the period the scan is (0-1), by the creation time of the last conversation read. */
  fraction: number;
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
 * Imports a period of CarrotQuest history: pages through the app's conversations, queues each closed one
 * created in [from, to] as the same import job a webhook makes (event id `backfill-<conversation>`, so
 * live traffic and repeats make no second chat), at a priority below live jobs. Progress lives in Redis:
 * an interrupted run (Ctrl-C, a crash, a console restart) resumes from its cursor when started again with
 * the same period. CarrotQuest's 429 on the listing is waited out.
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
      : { integrationId, from: from.toISOString(), to: to.toISOString(), status: 'running', cursor: null, scanned: 0, queued: 0, fraction: 0, startedAt: now, updatedAt: now, error: null };
    const save = async () => {
      progress.updatedAt = new Date().toISOString();
      await redis.set(BackfillRun.key(prefix, integrationId), JSON.stringify(progress));
      this.deps.onProgress?.({ ...progress });
    };
    await save();

    const span = Math.max(1, to.getTime() - from.getTime());
    try {
      for (;;) {
        if (this.stopRequested) {
          progress.status = 'interrupted';
          break;
        }
        while ((await producer.pendingBackfill()) >= (this.deps.maxPending ?? DEFAULT_MAX_PENDING)) await sleep(1_000);
        let page;
        try {
          page = await client.listConversations({ after: progress.cursor, count: this.deps.pageSize ?? 50 });
        } catch (error) {
          if (error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited) {
            await sleep(error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
            continue;
          }
          throw error;
        }
        for (const conversation of page.conversations) {
          progress.scanned += 1;
          const created = conversation.created * 1000;
          if (created >= from.getTime() && created <= to.getTime() && conversation.closed !== false) {
            await producer.enqueueBackfill({
              integrationId,
              conversationId: String(conversation.id),
              carrotUserId: conversation.user?.id !== undefined ? String(conversation.user.id) : null,
              eventId: backfillEventId(String(conversation.id)),
              receivedAt: new Date((typeof conversation.last_update === 'number' ? conversation.last_update : conversation.created) * 1000).toISOString(),
            });
            progress.queued += 1;
          }
          progress.fraction = Math.min(1, Math.max(progress.fraction, (created - from.getTime()) / span));
        }
        if (page.conversations.length > 0) progress.cursor = String(page.conversations.at(-1)!.id);
        if (page.nextAfter === null) {
          progress.status = 'done';
          progress.fraction = 1;
          break;
        }
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
