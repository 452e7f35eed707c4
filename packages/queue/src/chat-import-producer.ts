import type { Redis } from 'ioredis';
import { pingRedis } from './redis-connection';
import { CHAT_IMPORT, type ChatImportJobData } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions, type PreparedJob } from './job-producer';
import { RoundTripBatcher } from '@carrot-bridge/batching';
import { SEEN_EVENT_TTL_SECONDS } from './retention';

export type EnqueueOutcome = 'queued' | 'duplicate';

/** At most this many live imports go into one Redis round trip (larger bursts are split). */
const MAX_ENQUEUE_BATCH = 256;
/**
 * Batches of live imports in flight at once (each: its addBulk, then its event ids). One cost the
 * ingress the least CPU per webhook under the bench (BENCHMARKS.md, "Profile-driven changes").
 */
const MAX_ENQUEUE_BATCHES_IN_FLIGHT = 1;

/**
 * Records the event ids of jobs already added, in one call: `SET seen-event NX EX` per job (1 when this
 * call set it: the first delivery; 0: a redelivery), then the integrations' last-webhook times.
 * KEYS: the seen-event keys, then the last-webhook hash. ARGV: the TTL, then integration id / time pairs.
 */
const MARK_SEEN_LUA = `
local seen = #KEYS - 1
local out = {}
for i = 1, seen do
  if redis.call('SET', KEYS[i], '1', 'EX', ARGV[1], 'NX') then out[i] = 1 else out[i] = 0 end
end
for j = 2, #ARGV, 2 do redis.call('HSET', KEYS[#KEYS], ARGV[j], ARGV[j + 1]) end
return out
`;
const MARK_SEEN_COMMAND = 'carrotBridgeMarkSeenEvents';
type MarkSeen = {
  [MARK_SEEN_COMMAND](numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
};

/**
 * Background imports (backfill, catch-up) go in with this BullMQ priority: jobs without a priority (live
 * webhooks) are always taken first, so months of history never delay today's chats.
 */
export const BACKGROUND_PRIORITY = 10;

/**
 * Event id of a backfill import: one per conversation and period, so a resumed or repeated backfill adds
 * nothing twice, and one of another period (other questions) is not taken for a repeat.
 */
export function backfillEventId(conversationId: string, period: { from: Date; to: Date }): string {
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  return `backfill-${conversationId}-${seconds(period.from)}-${seconds(period.to)}`;
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
  private readonly liveImports = new RoundTripBatcher<PreparedJob<ChatImportJobData>, EnqueueOutcome>(
    (jobs) => this.enqueueBatch(jobs),
    {
      maxBatch: MAX_ENQUEUE_BATCH,
      maxInFlight: MAX_ENQUEUE_BATCHES_IN_FLIGHT,
    },
  );

  constructor(
    private readonly redis: Redis,
    options: JobProducerOptions = {},
  ) {
    super(CHAT_IMPORT.queue, redis, options);
    this.prefix = options.prefix ?? 'cb';
    if (!(MARK_SEEN_COMMAND in redis)) redis.defineCommand(MARK_SEEN_COMMAND, { lua: MARK_SEEN_LUA });
  }

  /**
   * A live import. Adds the job (idempotent by job id), THEN records the event id: a crash between the two
   * leaves a queued job whose redelivery answers `queued` again, never a `duplicate` for a job that is not
   * there. Resolves only after Redis acknowledged the job; rejects when Redis is unreachable.
   *
   * Imports share their Redis round trips when they arrive while others are on their way (a
   * RoundTripBatcher): one addBulk for their jobs, then one call recording their event ids. Alone, an
   * import goes at once; under load a webhook costs a fraction of a round trip.
   */
  async enqueue(data: ChatImportJobData): Promise<EnqueueOutcome> {
    return this.liveImports.submit(this.jobs.prepare(CHAT_IMPORT, data));
  }

  private async enqueueBatch(jobs: PreparedJob<ChatImportJobData>[]): Promise<EnqueueOutcome[]> {
    await this.jobs.addPrepared(jobs);
    const keys = jobs.map((job) => `${this.prefix}:seen-event:${job.jobId}`);
    const lastWebhook = new Map<string, string>();
    for (const job of jobs) lastWebhook.set(job.data.integrationId, job.data.receivedAt);
    const args: Array<string | number> = [SEEN_EVENT_TTL_SECONDS];
    for (const [integrationId, receivedAt] of lastWebhook) args.push(integrationId, receivedAt);
    const marked = await (this.redis as unknown as MarkSeen)[MARK_SEEN_COMMAND](
      keys.length + 1,
      ...keys,
      this.lastWebhookKey,
      ...args,
    );
    if (!Array.isArray(marked) || marked.length !== jobs.length) throw new Error('Redis did not record the event ids');
    return marked.map((set) => (set === 1 ? 'queued' : 'duplicate'));
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

  /** Lets imports already asked for reach Redis (or fail) before the queue is closed. */
  override async close(): Promise<void> {
    await this.liveImports.settled();
    await super.close();
  }
}
