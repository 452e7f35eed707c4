import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BACKFILL_PRIORITY, CHAT_IMPORT_JOB, CHAT_IMPORT_QUEUE, chatImportJobId, chatImportJobOptions, chatImportJobSchema, type ChatImportJobData } from './chat-import-job';
import { SEEN_EVENT_TTL_SECONDS } from './retention';
import type { RetryPolicy } from './retry-policy';

export type EnqueueOutcome = 'queued' | 'duplicate';

export interface ChatImportProducerOptions {
  /** BullMQ key prefix; tests use their own to stay apart. */
  prefix?: string;
  retryPolicy?: RetryPolicy;
}

/** The queue behind the one call ingress, console and CLI need: put a chat import into Redis. */
export class ChatImportProducer {
  readonly queue: Queue<ChatImportJobData>;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: ChatImportProducerOptions = {},
  ) {
    this.prefix = options.prefix ?? 'cb';
    this.queue = new Queue<ChatImportJobData>(CHAT_IMPORT_QUEUE, { connection: redis, prefix: this.prefix });
    // Connection errors surface on the calls that need Redis (as 503s); the event itself is not fatal.
    this.queue.on('error', () => undefined);
  }

  /**
   * Adds the job (idempotent by job id), THEN records the event id: a crash between the two leaves a
   * queued job whose redelivery answers `queued` again, never a `duplicate` for a job that is not there.
   * Resolves only after Redis acknowledged the job; rejects when Redis is unreachable.
   */
  /** A backfill import: behind every live job (priority), idempotent by its job id, no duplicate marker. */
  async enqueueBackfill(data: ChatImportJobData): Promise<void> {
    const job = chatImportJobSchema.parse(data);
    await this.queue.add(CHAT_IMPORT_JOB, job, { jobId: chatImportJobId(job), priority: BACKFILL_PRIORITY, ...chatImportJobOptions(this.options.retryPolicy) });
  }

  /** Backfill jobs not yet taken by a worker (live jobs have no priority and are not counted). */
  async pendingBackfill(): Promise<number> {
    return (await this.queue.getJobCounts('prioritized')).prioritized ?? 0;
  }

  async enqueue(data: ChatImportJobData): Promise<EnqueueOutcome> {
    const job = chatImportJobSchema.parse(data);
    const jobId = chatImportJobId(job);
    await this.queue.add(CHAT_IMPORT_JOB, job, { jobId, ...chatImportJobOptions(this.options.retryPolicy) });
    // One round trip: the duplicate marker, and the "last webhook" time the status panel shows.
    const results = await this.redis
      .multi()
      .set(`${this.prefix}:seen-event:${jobId}`, '1', 'EX', SEEN_EVENT_TTL_SECONDS, 'NX')
      .hset(this.lastWebhookKey, job.integrationId, job.receivedAt)
      .exec();
    const error = results?.find(([e]) => e)?.[0];
    if (!results || error) throw error ?? new Error('Redis did not run the enqueue transaction');
    return results[0]?.[1] === 'OK' ? 'queued' : 'duplicate';
  }

  /** When ingress last queued a webhook of this integration (ISO), or null. */
  async lastWebhookAt(integrationId: string): Promise<string | null> {
    return this.redis.hget(this.lastWebhookKey, integrationId);
  }

  private get lastWebhookKey(): string {
    return `${this.prefix}:last-webhook`;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
