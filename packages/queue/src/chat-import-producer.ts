import type { Redis } from 'ioredis';
import { pingRedis } from './redis-connection';
import { CHAT_IMPORT, type ChatImportJobData } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';
import { SEEN_EVENT_TTL_SECONDS } from './retention';

export type EnqueueOutcome = 'queued' | 'duplicate';

/**
 * Background imports (backfill, catch-up) go in with this BullMQ priority: jobs without a priority (live
 * webhooks) are always taken first, so months of history never delay today's chats.
 */
export const BACKGROUND_PRIORITY = 10;
/** @deprecated the name used before the catch-up shared it */
export const BACKFILL_PRIORITY = BACKGROUND_PRIORITY;

/** Event id of a backfill import: one per conversation, so a resumed or repeated backfill adds nothing twice. */
export function backfillEventId(conversationId: string): string {
  return `backfill-${conversationId}`;
}

/**
 * Event id of a catch-up import: one per conversation AND per update, so a conversation that changed
 * since it was last imported gets a new job, and an unchanged one the same (no-op) job.
 */
export function catchUpEventId(conversationId: string, lastUpdateSeconds: number): string {
  return `catchup-${conversationId}-${Math.round(lastUpdateSeconds * 1000)}`;
}

/** What ingress, console and CLI need to put chat imports into Redis. */
export class ChatImportProducer extends CatalogQueueClient {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: JobProducerOptions = {},
  ) {
    super(CHAT_IMPORT.queue, redis, options);
    this.prefix = options.prefix ?? 'cb';
  }

  /**
   * A live import. Adds the job (idempotent by job id), THEN records the event id: a crash between the two
   * leaves a queued job whose redelivery answers `queued` again, never a `duplicate` for a job that is not
   * there. Resolves only after Redis acknowledged the job; rejects when Redis is unreachable.
   */
  async enqueue(data: ChatImportJobData): Promise<EnqueueOutcome> {
    const jobId = await this.jobs.add(CHAT_IMPORT, data);
    const results = await this.redis
      .multi()
      .set(`${this.prefix}:seen-event:${jobId}`, '1', 'EX', SEEN_EVENT_TTL_SECONDS, 'NX')
      .hset(this.lastWebhookKey, data.integrationId, data.receivedAt)
      .exec();
    const error = results?.find(([e]) => e)?.[0];
    if (!results || error) throw error ?? new Error('Redis did not run the enqueue transaction');
    return results[0]?.[1] === 'OK' ? 'queued' : 'duplicate';
  }

  /** A background import (backfill, catch-up): behind every live job, idempotent by its job id. */
  async enqueueBackfill(data: ChatImportJobData): Promise<void> {
    await this.jobs.add(CHAT_IMPORT, data, { priority: BACKGROUND_PRIORITY });
  }

  /** Background imports not yet taken by a worker (live jobs have no priority and are not counted). */
  async pendingBackfill(): Promise<number> {
    return (await this.jobs.queue.getJobCounts('prioritized')).prioritized ?? 0;
  }

  /** When ingress last queued a webhook of this integration (ISO), or null. */
  async lastWebhookAt(integrationId: string): Promise<string | null> {
    return this.redis.hget(this.lastWebhookKey, integrationId);
  }

  private get lastWebhookKey(): string {
    return `${this.prefix}:last-webhook`;
  }

  async ping(): Promise<boolean> {
    return pingRedis(this.redis);
  }
}
