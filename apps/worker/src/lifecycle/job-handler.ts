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
  // Everything that takes the payload is a property, not a method: TypeScript checks a method's
  // parameters bivariantly, which let the map take a handler of another kind whose payload overlaps.
  readonly execute: (data: TData) => Promise<TResult>;
  /** The one failure decision of this kind of job. */
  readonly decide: (error: unknown) => FailureDecision;
  /** Give-up side effects (a key marked invalid...) are the use case's, not the worker's. */
  readonly onGiveUp?: (data: TData, decision: GiveUpDecision) => Promise<void>;
  /**
   * A job failed for good by any path, BullMQ's own included: a job that stalled too often is failed by
   * BullMQ before its handler runs, so neither `decide` nor `onGiveUp` saw it. Not called for a payload
   * that does not match the job's schema (there is nothing of it to undo).
   */
  readonly onFailedForGood?: (data: TData, reason: string) => Promise<void>;
  /** Log fields that identify a job's payload. */
  readonly describe?: (data: TData) => Record<string, unknown>;
  /**
   * A method on purpose: the map holds handlers of every result type under one `unknown`, and only
   * the handler's own `execute` ever hands it a result.
   */
  report?(result: TResult): JobReport;
}
