import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobOptions, type JobDefinition } from './job-definition';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

export interface JobProducerOptions {
  /** BullMQ key prefix; tests use their own to stay apart. */
  prefix?: string;
  /** From the configuration every enqueuing process shares (RETRY_ATTEMPTS...). */
  retryPolicy?: RetryPolicy;
}

/** A job validated against its definition, ready to be put into Redis. */
export interface PreparedJob<TData> {
  name: string;
  data: TData;
  opts: JobsOptions;
  jobId: string;
}

/**
 * Puts jobs of the catalog into one queue: validates the payload with the definition's schema and derives
 * the job id, attempts, backoff and retention from it. Resolves once Redis acknowledged the job.
 */
export class JobProducer {
  /** The BullMQ queue, for Bull Board and for tests; application code goes through the catalog. */
  readonly queue: Queue;
  private readonly retryPolicy: RetryPolicy;

  constructor(queueName: string, redis: Redis, options: JobProducerOptions = {}) {
    this.queue = new Queue(queueName, { connection: redis, prefix: options.prefix ?? 'cb' });
    this.queue.on('error', () => undefined);
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  async add<TData>(
    definition: JobDefinition<TData>,
    data: TData,
    extra: { priority?: number; delay?: number } = {},
  ): Promise<string> {
    const job = this.prepare(definition, data, extra);
    await this.queue.add(job.name, job.data, job.opts);
    return job.jobId;
  }

  /** Validates and derives what `add` / `addPrepared` put in Redis; throws on a payload the schema refuses. */
  prepare<TData>(
    definition: JobDefinition<TData>,
    data: TData,
    extra: { priority?: number; delay?: number } = {},
  ): PreparedJob<TData> {
    if (definition.queue !== this.queue.name)
      throw new Error(`job ${definition.name} belongs to queue ${definition.queue}, not ${this.queue.name}`);
    const payload = definition.schema.parse(data);
    const options = jobOptions(definition, payload, this.retryPolicy);
    return { name: definition.name, data: payload, opts: { ...options, ...extra }, jobId: options.jobId! };
  }

  /**
   * Several prepared jobs in one Redis round trip (BullMQ's addBulk: one pipeline, each job idempotent by
   * its id, so the same id twice keeps one job). Resolves once Redis acknowledged every one of them;
   * rejects, for all, when any insert failed (those that went in are still idempotent to add again).
   */
  async addPrepared<TData>(jobs: readonly PreparedJob<TData>[]): Promise<void> {
    await this.queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * What ChatImportProducer, ChatExportScheduler and CatchUpScheduler share: a JobProducer on their queue,
 * the queue itself for Bull Board and tests, and closing it.
 */
export abstract class CatalogQueueClient {
  protected readonly jobs: JobProducer;

  protected constructor(queueName: string, redis: Redis, options: JobProducerOptions) {
    this.jobs = new JobProducer(queueName, redis, options);
  }

  /** The BullMQ queue, for Bull Board and tests only. */
  get queue(): Queue {
    return this.jobs.queue;
  }

  async close(): Promise<void> {
    await this.jobs.close();
  }
}
