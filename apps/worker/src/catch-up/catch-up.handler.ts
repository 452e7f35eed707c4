import type { CatchUpJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import type { CatchUpOutcome, CatchUpUseCase } from './catch-up.usecase';
import type { FanOutCatchUpUseCase } from './fan-out-catch-up.usecase';

/** The catalog gives both one attempt: a failed run is recorded by the use case and the next tick starts a fresh one. */
const decideCatchUpFailure = (error: unknown) => ({
  action: 'retry' as const,
  code: 'catch_up_failed',
  reason: `catch-up failed; the next tick tries again: ${error instanceof Error ? error.message : String(error)}`,
});

/** One integration's catch-up: CatchUpUseCase. */
export function catchUpHandler(useCase: Pick<CatchUpUseCase, 'execute'>): JobHandler<CatchUpJobData, CatchUpOutcome> {
  return {
    label: 'catch-up',
    execute: (data) => useCase.execute(data.integrationId),
    decide: decideCatchUpFailure,
    describe: (data) => ({ integrationId: data.integrationId }),
    report: (outcome) => ({
      outcome: outcome.status === 'done' ? 'completed' : 'skipped',
      code: outcome.status,
      message: 'catch-up finished',
      fields: { ...outcome },
    }),
  };
}

/** The repeating tick: FanOutCatchUpUseCase (one catch-up job per integration whose chats are imported). */
export function catchUpTickHandler(
  useCase: Pick<FanOutCatchUpUseCase, 'execute'>,
): JobHandler<Record<string, never>, { integrations: number }> {
  return {
    label: 'catch-up tick',
    execute: () => useCase.execute(),
    decide: decideCatchUpFailure,
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: 'catch-up tick fanned out',
      fields: { ...outcome },
    }),
  };
}
