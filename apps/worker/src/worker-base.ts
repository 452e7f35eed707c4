import type { Redis } from 'ioredis';
import type { Logger } from '@carrot-bridge/logging';
import { JobConsumer, type JobAttempt, type JobDefinition, type JobVerdict, type RetryPolicy } from '@carrot-bridge/queue';
import type { FailureDecision, GiveUpDecision } from './failure-decision';

export type AttemptOutcome = 'completed' | 'skipped' | 'retry' | 'waiting' | 'failed';
export interface AttemptEvent {
  outcome: AttemptOutcome;
  code: string;
  durationMs: number;
}

/** What a worker hands each job to. Give-up side effects (a key marked invalid...) are the use case's, not the worker's. */
export interface JobUseCase<TData, TResult> {
  execute(data: TData, job: { name: string }): Promise<TResult>;
  onGiveUp?(data: TData, decision: GiveUpDecision): Promise<void>;
}

/** What every worker is given by its process: where the queue is, how many jobs at once, the retry policy, the log. */
export interface WorkerWiring {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryPolicy: RetryPolicy;
  logger: Logger;
}

export interface WorkerBaseOptions<TData, TResult> extends WorkerWiring {
  /** For logs: "chat import", "chat export", "catch-up". */
  label: string;
  definitions: readonly JobDefinition<TData>[];
  useCase: JobUseCase<TData, TResult>;
  /** The one failure decision of this kind of job. */
  decide: (error: unknown) => FailureDecision;
  /** Waits one job may take before waiting starts to spend attempts (a remote side that never stops asking). */
  maxWaits?: number;
  /** Log fields that identify a job's payload. */
  describe?: (data: TData) => Record<string, unknown>;
  /** How a finished job is logged and counted. */
  report?: (result: TResult) => { outcome: 'completed' | 'skipped'; code: string; message: string; fields?: Record<string, unknown> };
  /** Observes every finished attempt (metrics). */
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * The one worker: lifecycle (start, close), logging and metrics of every attempt, and the switch from a
 * failure decision to what happens to the job (retry, wait without spending an attempt, give up and run
 * the use case's give-up side effects). Each kind of worker is this base configured with its catalog
 * entries, its use case and its decision.
 */
export class WorkerBase<TData, TResult> {
  private readonly consumer: JobConsumer<TData, TResult>;

  constructor(private readonly options: WorkerBaseOptions<TData, TResult>) {
    this.consumer = new JobConsumer(options.definitions, options, {
      run: (data, attempt) => this.run(data, attempt),
      fail: (error, attempt, data) => this.fail(error, attempt, data),
      failed: (attempt, reason, final) =>
        final ? options.logger.error(`${options.label} failed for good`, { ...attempt, reason }) : options.logger.warn(`${options.label} failed, will retry`, { ...attempt, reason }),
    });
    this.consumer.onConnectionError((error) => options.logger.error(`${options.label} worker connection error`, { error: error.message }));
  }

  start(): void {
    this.consumer.start();
  }

  async close(): Promise<void> {
    await this.consumer.close();
  }

  private context(attempt: JobAttempt, data: TData | null, started: number) {
    return { jobId: attempt.jobId, ...(data && this.options.describe ? this.options.describe(data) : {}), attempt: attempt.attempt, durationMs: Date.now() - started };
  }

  private started = new WeakMap<JobAttempt, number>();

  private async run(data: TData, attempt: JobAttempt): Promise<TResult> {
    const started = Date.now();
    this.started.set(attempt, started);
    const result = await this.options.useCase.execute(data, { name: attempt.name });
    const context = this.context(attempt, data, started);
    const report = this.options.report?.(result) ?? { outcome: 'completed' as const, code: 'ok', message: `${this.options.label} finished`, fields: result as Record<string, unknown> };
    this.options.logger.info(report.message, { ...context, ...(report.fields ?? {}) });
    this.options.onAttempt?.({ outcome: report.outcome, code: report.code, durationMs: context.durationMs });
    return result;
  }

  private async fail(error: unknown, attempt: JobAttempt, data: TData | null): Promise<JobVerdict> {
    const decision = this.options.decide(error);
    const context = this.context(attempt, data, this.started.get(attempt) ?? Date.now());
    switch (decision.action) {
      case 'wait':
        if (attempt.waits < (this.options.maxWaits ?? Number.POSITIVE_INFINITY)) {
          this.options.logger.warn(`${this.options.label} waits`, { ...context, delayMs: decision.delayMs, reason: decision.reason });
          this.options.onAttempt?.({ outcome: 'waiting', code: decision.code, durationMs: context.durationMs });
          return { kind: 'wait', delayMs: decision.delayMs, reason: decision.reason };
        }
        this.attemptFailed(attempt, decision.code, context.durationMs);
        return { kind: 'retry', reason: `${decision.reason} (waited ${attempt.waits} times already; now spending attempts)` };
      case 'give-up':
        this.options.onAttempt?.({ outcome: 'failed', code: decision.code, durationMs: context.durationMs });
        if (data) await this.options.useCase.onGiveUp?.(data, decision);
        return { kind: 'give-up', reason: decision.reason };
      case 'retry':
        this.attemptFailed(attempt, decision.code, context.durationMs);
        return { kind: 'retry', reason: decision.reason };
    }
  }

  /** A retryable failure: the job's last allowed attempt makes it a final failure. */
  private attemptFailed(attempt: JobAttempt, code: string, durationMs: number): void {
    this.options.onAttempt?.({ outcome: attempt.attempt >= attempt.maxAttempts ? 'failed' : 'retry', code, durationMs });
  }
}
