import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobOptions, type JobDefinition } from './job-definition';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

export interface JobProducerOptions {
  /** BullMQ key prefix; tests use their own to stay apart. */
  prefix?: string;
  /** From the configuration every enqueuing process shares (RETRY_ATTEMPTS...). */
  retryPolicy?: RetryPolicy;
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

  async add<TData>(definition: JobDefinition<TData>, data: TData, extra: { priority?: number; delay?: number } = {}): Promise<string> {
    if (definition.queue !== this.queue.name) throw new Error(`job ${definition.name} belongs to queue ${definition.queue}, not ${this.queue.name}`);
    const payload = definition.schema.parse(data);
    const options = jobOptions(definition, payload, this.retryPolicy);
    await this.queue.add(definition.name, payload, { ...options, ...extra });
    return options.jobId!;
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
