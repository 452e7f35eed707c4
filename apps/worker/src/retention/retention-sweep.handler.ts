import type { JobHandler } from '../lifecycle/job-handler';
import { reportCompleted, retryDecision } from '../job-handler-parts';
import type { RetentionSweepOutcome, RetentionSweepUseCase } from './retention-sweep.usecase';

/**
 * The daily retention sweep: one attempt (the catalog's); a failed sweep is logged, each failed account's
 * RetentionState says why, and the next day's sweep goes on from where each account stopped.
 */
export function retentionSweepHandler(
  useCase: Pick<RetentionSweepUseCase, 'execute'>,
): JobHandler<Record<string, never>, RetentionSweepOutcome> {
  return {
    label: 'retention sweep',
    execute: () => useCase.execute(),
    decide: retryDecision(
      'retention_sweep_failed',
      "retention sweep failed; the next day's sweep goes on from where it stopped",
    ),
    report: reportCompleted('ok', 'retention sweep finished'),
  };
}
