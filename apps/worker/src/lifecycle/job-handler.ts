import type { FailureDecision, GiveUpDecision } from './failure-decision';

/** How a finished job is logged and counted. */
export interface JobReport {
  outcome: 'completed' | 'skipped';
  code: string;
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * What one kind of job brings to the worker: its use case, its one failure decision, and how it is
 * logged. Everything else (lifecycle, logs and metrics of every attempt, what a decision does to the
 * job) is the lifecycle's, the same for every kind.
 */
export interface JobHandler<TData, TResult = unknown> {
  /** For logs: "chat import", "chat export", "catch-up", "backfill". */
  readonly label: string;
  /** Waits one job may take before waiting starts to spend attempts (a remote side that never stops asking). */
  readonly maxWaits?: number;
  execute(data: TData): Promise<TResult>;
  /** The one failure decision of this kind of job. */
  decide(error: unknown): FailureDecision;
  /** Give-up side effects (a key marked invalid...) are the use case's, not the worker's. */
  onGiveUp?(data: TData, decision: GiveUpDecision): Promise<void>;
  /** Log fields that identify a job's payload. */
  describe?(data: TData): Record<string, unknown>;
  report?(result: TResult): JobReport;
}
