import type { BackfillJobData } from '@carrot-bridge/queue';
import type { FailureDecision } from '../lifecycle/failure-decision';
import { payloadHandler } from '../job-handler-parts';
import type { JobHandler } from '../lifecycle/job-handler';
import { reportByStatus } from '../lifecycle/job-reports';
import { BackfillInterruption } from './backfill-interruption';
import type { BackfillOutcome, BackfillUseCase } from './backfill.usecase';

/** How long a backfill job stopped with its worker waits before another worker resumes it. */
const RESUME_DELAY_MS = 1_000;

/**
 * The one decision of a backfill: a worker stopping puts the job back (without spending its one
 * attempt) to resume from its cursor; any other failure is recorded on the run by the use case, and
 * starting the same period again resumes it.
 */
export function decideBackfillFailure(error: unknown): FailureDecision {
  if (error instanceof BackfillInterruption)
    return {
      action: 'wait',
      code: 'backfill_resumes_later',
      delayMs: error.resumeAfterMs ?? RESUME_DELAY_MS,
      reason: error.message,
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    action: 'give-up',
    code: 'backfill_failed',
    reason: `backfill failed; start the same period again to resume: ${message.split('\n')[0]?.slice(0, 300)}`,
    keyInvalid: false,
  };
}

/** A backfill run: BackfillUseCase. */
export function backfillHandler(
  useCase: Pick<BackfillUseCase, 'execute' | 'failRun'>,
): JobHandler<BackfillJobData, BackfillOutcome> {
  return payloadHandler(useCase, {
    label: 'backfill',
    logged: ['integrationId', 'runId'],
    decide: decideBackfillFailure,
    // BullMQ failing the job (stalled too often) would leave the run `running` until someone started it again.
    onFailedForGood: (data, reason) => useCase.failRun(data, reason),
    report: reportByStatus('backfill'),
  });
}
