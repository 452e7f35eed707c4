import type { Logger } from '@carrot-bridge/logging';
import type { JobAttempt, JobHandlers, JobVerdict } from '@carrot-bridge/queue';
import type { JobHandler } from './job-handler';

export type AttemptOutcome = 'completed' | 'skipped' | 'retry' | 'waiting' | 'failed';
export interface AttemptEvent {
  outcome: AttemptOutcome;
  code: string;
  durationMs: number;
}

export interface AttemptObserver {
  logger: Logger;
  /** Observes every finished attempt (metrics). */
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * The one way every kind of job is run: logs and metrics of every attempt, and the switch from a failure
 * decision to what happens to the job (retry, wait without spending an attempt, give up and run the use
 * case's give-up side effects).
 */
export function handledJob<TData, TResult>(
  handler: JobHandler<TData, TResult>,
  observer: AttemptObserver,
): JobHandlers<TData, TResult> {
  const { logger, onAttempt } = observer;
  const started = new WeakMap<JobAttempt, number>();
  const context = (attempt: JobAttempt, data: TData | null, since: number) => ({
    jobId: attempt.jobId,
    ...(data && handler.describe ? handler.describe(data) : {}),
    attempt: attempt.attempt,
    durationMs: Date.now() - since,
  });
  /** A retryable failure: the job's last allowed attempt makes it a final failure. */
  const attemptFailed = (attempt: JobAttempt, code: string, durationMs: number) =>
    onAttempt?.({ outcome: attempt.attempt >= attempt.maxAttempts ? 'failed' : 'retry', code, durationMs });

  return {
    async run(data, attempt) {
      const since = Date.now();
      started.set(attempt, since);
      const result = await handler.execute(data);
      const fields = context(attempt, data, since);
      const report = handler.report?.(result) ?? {
        outcome: 'completed' as const,
        code: 'ok',
        message: `${handler.label} finished`,
        fields: { result },
      };
      logger.info(report.message, { ...fields, ...(report.fields ?? {}) });
      onAttempt?.({ outcome: report.outcome, code: report.code, durationMs: fields.durationMs });
      return result;
    },
    async fail(error, attempt, data): Promise<JobVerdict> {
      const decision = handler.decide(error);
      const fields = context(attempt, data, started.get(attempt) ?? Date.now());
      switch (decision.action) {
        case 'wait':
          if (attempt.waits < (handler.maxWaits ?? Number.POSITIVE_INFINITY)) {
            logger.warn(`${handler.label} waits`, { ...fields, delayMs: decision.delayMs, reason: decision.reason });
            onAttempt?.({ outcome: 'waiting', code: decision.code, durationMs: fields.durationMs });
            return { kind: 'wait', delayMs: decision.delayMs, reason: decision.reason };
          }
          attemptFailed(attempt, decision.code, fields.durationMs);
          return {
            kind: 'retry',
            reason: `${decision.reason} (waited ${attempt.waits} times already; now spending attempts)`,
          };
        case 'defer':
          // As often as a backlog is turned away: not worth a line each.
          logger.debug(`${handler.label} deferred`, { ...fields, delayMs: decision.delayMs, reason: decision.reason });
          onAttempt?.({ outcome: 'waiting', code: decision.code, durationMs: fields.durationMs });
          return { kind: 'wait', delayMs: decision.delayMs, reason: decision.reason, deferral: true };
        case 'give-up':
          onAttempt?.({ outcome: 'failed', code: decision.code, durationMs: fields.durationMs });
          if (data) await handler.onGiveUp?.(data, decision);
          return { kind: 'give-up', reason: decision.reason };
        case 'retry':
          attemptFailed(attempt, decision.code, fields.durationMs);
          return { kind: 'retry', reason: decision.reason };
      }
    },
    failed(attempt, reason, final, data) {
      if (!final) {
        logger.warn(`${handler.label} failed, will retry`, { ...attempt, reason });
        return;
      }
      logger.error(`${handler.label} failed for good`, { ...attempt, reason });
      if (!data || !handler.onFailedForGood) return;
      handler.onFailedForGood(data, reason).catch((error: unknown) =>
        logger.error(`${handler.label}: recording its failure failed`, {
          ...attempt,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    },
  };
}
