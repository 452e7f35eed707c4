import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition } from './job-definition';
import { MAX_STALLED_COUNT } from './retention';
import { computeRetryDelay, type RetryPolicy } from './retry-policy';

/** What to do with a failed attempt; the consumer turns it into BullMQ's mechanics. */
export type JobVerdict =
  /** Try again after the backoff of the retry policy; spends an attempt. */
  | { kind: 'retry'; reason: string }
  /**
   * Try again after `delayMs` without spending an attempt (someone asked us to slow down). A `deferral`
   * (the job was turned away before it asked anyone: its integration busy or cooling down) is not one
   * of the job's waits either.
   */
  | { kind: 'wait'; delayMs: number; reason: string; deferral?: boolean }
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

/**
 * The payload field counting a job's deferrals. BullMQ counts every start (attemptsStarted), a deferral
 * included, and a job's waits are read from that count: without this, a job deferred often in a burst
 * would run out of waits and spend attempts on its own 429s. Kept in the payload, which every start
 * reads anyway (no extra round trip on the hot path; one write per deferral); catalog schemas strip it.
 */
export const DEFERRALS_FIELD = '_deferrals';

function deferralsOf(job: Job): number {
  const value = (job.data as Record<string, unknown> | null)?.[DEFERRALS_FIELD];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
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
  /**
   * A finished job that failed for good or will be retried; not called for waits. Also for a job BullMQ
   * fails itself (stalled too often) before `run` or `fail` saw it: `data` is its payload (null when it
   * does not match the schema), so its side effects can be undone.
   */
  failed?(attempt: JobAttempt, reason: string, final: boolean, data: TData | null): void;
}

/**
 * One kind of job bound to its handlers. The payload's type is checked where the two meet (`routeJob`)
 * and the route itself is untyped, so one consumer serves several kinds of one queue without a cast.
 */
export interface JobRoute {
  readonly queue: string;
  readonly name: string;
  run(payload: unknown, attempt: JobAttempt): Promise<unknown>;
  fail(error: unknown, attempt: JobAttempt, payload: unknown): Promise<JobVerdict>;
  failed(attempt: JobAttempt, reason: string, final: boolean, payload: unknown): void;
}

/** A failed job's payload as its schema reads it, or null when it does not match (the failure may be that). */
function parsedOrNull<TData>(definition: JobDefinition<TData>, payload: unknown): TData | null {
  const parsed = definition.schema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export function routeJob<TData, TResult>(
  definition: JobDefinition<TData>,
  handlers: JobHandlers<TData, TResult>,
): JobRoute {
  return {
    queue: definition.queue,
    name: definition.name,
    run: (payload, attempt) => handlers.run(definition.schema.parse(payload), attempt),
    fail: (error, attempt, payload) => handlers.fail(error, attempt, parsedOrNull(definition, payload)),
    failed: (attempt, reason, final, payload) =>
      handlers.failed?.(attempt, reason, final, parsedOrNull(definition, payload)),
  };
}

/**
 * Consumes one queue of the catalog: picks the route by job name, hands the payload to it, and turns its
 * verdict into BullMQ's retry, delayed and unrecoverable mechanics — the only place outside this
 * package's producers that BullMQ is spoken.
 */
export class JobConsumer {
  private readonly worker: Worker;
  private readonly byName: Map<string, JobRoute>;

  constructor(routes: readonly JobRoute[], options: JobConsumerOptions) {
    const queues = new Set(routes.map((r) => r.queue));
    if (queues.size !== 1) throw new Error('a consumer serves the jobs of exactly one queue');
    this.byName = new Map(routes.map((r) => [r.name, r]));
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
    return {
      jobId: job.id,
      name: job.name,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      waits: Math.max(0, (job.attemptsStarted ?? 0) - job.attemptsMade - 1 - deferralsOf(job)),
    };
  }

  private async process(job: Job, token: string | undefined): Promise<unknown> {
    const attempt = this.attemptOf(job);
    const route = this.byName.get(job.name);
    if (!route) throw new UnrecoverableError(`no handler for job "${job.name}" in this worker`);
    try {
      return await route.run(job.data, attempt);
    } catch (error) {
      const verdict = await route.fail(error, attempt, job.data);
      switch (verdict.kind) {
        case 'wait':
          if (!token) throw new Error(verdict.reason);
          if (verdict.deferral)
            await job.updateData({ ...(job.data as Record<string, unknown>), [DEFERRALS_FIELD]: deferralsOf(job) + 1 });
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
    const final =
      error instanceof UnrecoverableError ||
      error.name === 'UnrecoverableError' ||
      job.attemptsMade >= (job.opts.attempts ?? 1);
    const attempt = { ...this.attemptOf(job), attempt: job.attemptsMade };
    this.byName.get(job.name)?.failed(attempt, error.message, final, job.data);
  }
}
