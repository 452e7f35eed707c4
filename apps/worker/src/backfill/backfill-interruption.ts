import { CodedError } from '@carrot-bridge/domain';

export enum BackfillInterruptionCode {
  /** The worker process is stopping: the job goes back to the queue and resumes from its cursor. */
  WorkerStopping = 'worker_stopping',
  /** Someone asked the run to stop while it waited for the import backlog to shrink. */
  StopRequested = 'stop_requested',
}

/** Ends a scan between pages (or while it waits for the backlog); never a failure of the run. */
export class BackfillInterruption extends CodedError<BackfillInterruptionCode> {}
