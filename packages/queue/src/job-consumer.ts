import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition } from './job-definition';
import { MAX_STALLED_COUNT } from './retention';
import { computeRetryDelay, type RetryPolicy } from './retry-policy';

/** What to do with a failed attempt; the consumer turns it into BullMQ's mechanics. */
export type JobVerdict =
  /** Try again after the backoff of the retry policy; spends an attempt. */
  | { kind: 'retry'; reason: string }
  /** Try again after `delayMs` without spending an attempt (someone asked us to slow down). */
  | { kind: 'wait'; delayMs: number; reason: string }
  /** No later attempt can succeed: fail for good, the reason kept on the failed job. */
  | { kind: 'give-up'; reason: string };

export interface JobAttempt {
  jobId: string | undefined;
  /** The catalog job name. */
  name: string;
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
  /** How often this job already waited without spending an attempt. */
  waits: number;
}

export interface JobConsumerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryPolicy: RetryPolicy;
}

export interface JobHandlers<TData, TResult> {
  /** Runs one attempt with the payload validated by its definition's schema. */
  run(data: TData, attempt: JobAttempt): Promise<TResult>;
  /** Decides a failed attempt (a schema failure included: `data` is then null). */
  fail(error: unknown, attempt: JobAttempt, data: TData | null): Promise<JobVerdict>;
  /** A finished job that failed for good or will be retried (for logs); not called for waits. */
  failed?(attempt: JobAttempt, reason: string, final: boolean): void;
}

/**
 * Consumes one queue of the catalog: picks the definition by job name, validates the payload, hands it
 * to the handlers, and turns their verdict into BullMQ's retry, delayed and unrecoverable mechanics —
 * the only place outside this package's producers that BullMQ is spoken.
 */
export class JobConsumer<TData, TResult> {
  private readonly worker: Worker;
  private readonly byName: Map<string, JobDefinition<TData>>;

  constructor(
    definitions: readonly JobDefinition<TData>[],
    options: JobConsumerOptions,
    private readonly handlers: JobHandlers<TData, TResult>,
  ) {
    const queues = new Set(definitions.map((d) => d.queue));
    if (queues.size !== 1) throw new Error('a consumer serves the definitions of exactly one queue');
    this.byName = new Map(definitions.map((d) => [d.name, d]));
    this.worker = new Worker([...queues][0]!, (job, token) => this.process(job, token), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: false,
      maxStalledCount: MAX_STALLED_COUNT,
      settings: { backoffStrategy: (attemptsMade) => computeRetryDelay(attemptsMade, options.retryPolicy) },
    });
    this.worker.on('failed', (job, error) => this.reportFailed(job, error));
  }

  onConnectionError(listener: (error: Error) => void): void {
    this.worker.on('error', listener);
  }

  start(): void {
    void this.worker.run();
  }

  /** Lets in-flight jobs finish; jobs not finished in time are picked up again after their lock expires. */
  async close(): Promise<void> {
    await this.worker.close();
  }

  private attemptOf(job: Job): JobAttempt {
    return { jobId: job.id, name: job.name, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1, waits: Math.max(0, (job.attemptsStarted ?? 0) - job.attemptsMade - 1) };
  }

  private async process(job: Job, token: string | undefined): Promise<TResult> {
    const attempt = this.attemptOf(job);
    let data: TData | null = null;
    try {
      const definition = this.byName.get(job.name);
      if (!definition) throw new Error(`no catalog definition for job "${job.name}"`);
      data = definition.schema.parse(job.data);
      return await this.handlers.run(data, attempt);
    } catch (error) {
      const verdict = await this.handlers.fail(error, attempt, data);
      switch (verdict.kind) {
        case 'wait':
          if (!token) throw new Error(verdict.reason);
          await job.moveToDelayed(Date.now() + verdict.delayMs, token);
          throw new DelayedError();
        case 'give-up':
          throw new UnrecoverableError(verdict.reason);
        case 'retry':
          throw new Error(verdict.reason);
      }
    }
  }

  private reportFailed(job: Job | undefined, error: Error): void {
    if (!job || error instanceof DelayedError || error.name === 'DelayedError') return;
    const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    this.handlers.failed?.({ ...this.attemptOf(job), attempt: job.attemptsMade }, error.message, final);
  }
}
