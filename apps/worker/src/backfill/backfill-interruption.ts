import { CodedError } from '@carrot-bridge/domain';

export enum BackfillInterruptionCode {
  /** The worker process is stopping: the job goes back to the queue and resumes from its cursor. */
  WorkerStopping = 'worker_stopping',
  /** Someone asked the run to stop while it waited for the import backlog to shrink. */
  StopRequested = 'stop_requested',
  /** CarrotQuest asked for a longer wait than the scan's cap: the job goes back to the queue for the cap. */
  RateLimited = 'rate_limited',
}

/** Ends a scan between pages or during a wait (a 429, the backlog); never a failure of the run. */
export class BackfillInterruption extends CodedError<BackfillInterruptionCode> {
  constructor(
    code: BackfillInterruptionCode,
    message: string,
    /** How long the job waits in the queue before it resumes; the handler's default when not said. */
    readonly resumeAfterMs?: number,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
