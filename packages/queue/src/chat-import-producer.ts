import type { Redis } from 'ioredis';
import { pingRedis } from './redis-connection';
import { CHAT_IMPORT, type ChatImportJobData } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions, type PreparedJob } from './job-producer';
import { RoundTripBatcher } from '@carrot-bridge/batching';
import { SEEN_EVENT_TTL_SECONDS } from './retention';
import {
  DEFAULT_LIVE_BURST_THRESHOLD,
  LIVE_RATE_WINDOW_MS,
  livePriority,
  rateBucket,
  slidingCount,
} from './live-priority';
import { LiveRateEstimates } from './live-rate-estimates';

export type EnqueueOutcome = 'queued' | 'duplicate';

export interface ChatImportProducerOptions extends JobProducerOptions {
  /** Live imports per integration and 10 s above which its imports go behind others' (docs/fairness.md). */
  liveBurstThreshold?: number;
}

/** At most this many live imports go into one Redis round trip (larger bursts are split). */
const MAX_ENQUEUE_BATCH = 256;
/**
 * Batches of live imports in flight at once (each: its addBulk, then its event ids). One cost the
 * ingress the least CPU per webhook under the bench (BENCHMARKS.md, "Profile-driven changes").
 */
const MAX_ENQUEUE_BATCHES_IN_FLIGHT = 1;

/**
 * Records the event ids of jobs already added, in one call: `SET seen-event NX EX` per job (1 when this
 * call set it: the first delivery; 0: a redelivery), then per integration its last-webhook time and its
 * live-rate bucket, raised by its first deliveries (docs/fairness.md). Answers the marks, then each
 * integration's current and previous bucket: the rate the next batch's priorities are decided from.
 * KEYS: the seen-event keys, the last-webhook hash, then per integration its current and previous bucket.
 * ARGV: the seen TTL, the number of seen keys, the buckets' TTL, per seen key its integration's index
 * (1-based), then integration id / time pairs.
 */
const MARK_SEEN_LUA = `
local seen = tonumber(ARGV[2])
local integrations = (#KEYS - seen - 1) / 2
local out = {}
local added = {}
for g = 1, integrations do added[g] = 0 end
for i = 1, seen do
  if redis.call('SET', KEYS[i], '1', 'EX', ARGV[1], 'NX') then
    out[i] = 1
    local g = tonumber(ARGV[3 + i])
    added[g] = added[g] + 1
  else
    out[i] = 0
  end
end
for g = 1, integrations do
  redis.call('HSET', KEYS[seen + 1], ARGV[2 + seen + 2 * g], ARGV[3 + seen + 2 * g])
  local current = KEYS[seen + 2 * g]
  if added[g] > 0 then
    out[seen + 2 * g - 1] = redis.call('INCRBY', current, added[g])
    redis.call('EXPIRE', current, ARGV[3])
  else
    out[seen + 2 * g - 1] = tonumber(redis.call('GET', current) or '0')
  end
  out[seen + 2 * g] = tonumber(redis.call('GET', KEYS[seen + 1 + 2 * g]) or '0')
end
return out
`;
const MARK_SEEN_COMMAND = 'carrotBridgeMarkSeenEvents';
type MarkSeen = {
  [MARK_SEEN_COMMAND](numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
};

/**
 * Background imports (backfill, catch-up) go in with this BullMQ priority: jobs without a priority (live
 * webhooks) and live ones of a bursting integration (1..MAX_LIVE_PRIORITY) are always taken first, so
 * months of history never delay today's chats.
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
  private readonly burstThreshold: number;
  private readonly rates = new LiveRateEstimates();
  private readonly liveImports = new RoundTripBatcher<PreparedJob<ChatImportJobData>, EnqueueOutcome>(
    (jobs) => this.enqueueBatch(jobs),
    {
      maxBatch: MAX_ENQUEUE_BATCH,
      maxInFlight: MAX_ENQUEUE_BATCHES_IN_FLIGHT,
    },
  );

  constructor(
    private readonly redis: Redis,
    options: ChatImportProducerOptions = {},
  ) {
    super(CHAT_IMPORT.queue, redis, options);
    this.prefix = options.prefix ?? 'cb';
    this.burstThreshold = options.liveBurstThreshold ?? DEFAULT_LIVE_BURST_THRESHOLD;
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
    const now = Date.now();
    await this.jobs.addPrepared(this.withFairPriorities(jobs, now));
    const integrations = [...new Set(jobs.map((job) => job.data.integrationId))];
    const index = new Map(integrations.map((id, i) => [id, i + 1]));
    const lastWebhook = new Map<string, string>();
    for (const job of jobs) lastWebhook.set(job.data.integrationId, job.data.receivedAt);
    const bucket = rateBucket(now, LIVE_RATE_WINDOW_MS);
    const keys = [
      ...jobs.map((job) => `${this.prefix}:seen-event:${job.jobId}`),
      this.lastWebhookKey,
      ...integrations.flatMap((id) => [this.rateKey(id, bucket), this.rateKey(id, bucket - 1)]),
    ];
    const args: Array<string | number> = [SEEN_EVENT_TTL_SECONDS, jobs.length, (2 * LIVE_RATE_WINDOW_MS) / 1000];
    for (const job of jobs) args.push(index.get(job.data.integrationId)!);
    for (const id of integrations) args.push(id, lastWebhook.get(id)!);
    const answer = await (this.redis as unknown as MarkSeen)[MARK_SEEN_COMMAND](keys.length, ...keys, ...args);
    if (!Array.isArray(answer) || answer.length !== jobs.length + 2 * integrations.length)
      throw new Error('Redis did not record the event ids');
    integrations.forEach((id, g) => {
      const [current, previous] = [answer[jobs.length + 2 * g]!, answer[jobs.length + 2 * g + 1]!];
      this.rates.record(id, slidingCount(current, previous, now, LIVE_RATE_WINDOW_MS), now);
    });
    return answer.slice(0, jobs.length).map((set) => (set === 1 ? 'queued' : 'duplicate'));
  }

  /**
   * Each job's place by its integration's recent rate: the count read with the previous batch plus this
   * batch's own jobs before it, so a burst's first batch is ordered too. Below the threshold no priority
   * (the cheap FIFO wait list, as before); above it, behind every quiet integration (livePriority).
   */
  private withFairPriorities(jobs: PreparedJob<ChatImportJobData>[], now: number): PreparedJob<ChatImportJobData>[] {
    const counted = new Map<string, number>();
    return jobs.map((job) => {
      const id = job.data.integrationId;
      const recent = (counted.get(id) ?? this.rates.recent(id, now)) + 1;
      counted.set(id, recent);
      const priority = livePriority(recent, this.burstThreshold);
      return priority === undefined ? job : { ...job, opts: { ...job.opts, priority } };
    });
  }

  /** A background import (backfill, catch-up): behind every live job, idempotent by its job id. */
  async enqueueBackfill(data: ChatImportJobData): Promise<void> {
    await this.jobs.add(CHAT_IMPORT, data, { priority: BACKGROUND_PRIORITY });
  }

  /**
   * Imports a backfill must wait for before queueing more: background imports not yet taken
   * (BACKGROUND_PRIORITY only: a bursting integration's live imports are prioritized too, below it), plus
   * every import put back for later — deferred by its integration's CarrotQuest cap or waiting out a
   * retry. The cap defers a backfill's imports into the delayed set, where a count of waiting ones alone
   * would not see them and the scan would queue its whole period at once.
   */
  async pendingBackfill(): Promise<number> {
    const queue = this.jobs.queue;
    const [waiting, delayed] = await Promise.all([
      queue.getCountsPerPriority([BACKGROUND_PRIORITY]),
      queue.getDelayedCount(),
    ]);
    return (waiting[String(BACKGROUND_PRIORITY)] ?? 0) + delayed;
  }

  /** When ingress last queued a webhook of this integration (ISO), or null. */
  async lastWebhookAt(integrationId: string): Promise<string | null> {
    return this.redis.hget(this.lastWebhookKey, integrationId);
  }

  private rateKey(integrationId: string, bucket: number): string {
    return `${this.prefix}:live-rate:${integrationId}:${bucket}`;
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
