import type { CatchUpJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import { fanOutTickHandler } from '../lifecycle/fan-out-tick';
import { oneSubjectHandler, retryDecision } from '../job-handler-parts';
import type { CatchUpOutcome, CatchUpUseCase } from './catch-up.usecase';
import type { FanOutCatchUpUseCase } from './fan-out-catch-up.usecase';

/** The catalog gives it one attempt: a failed run is recorded by the use case and the next tick starts a fresh one. */
const decideCatchUpFailure = retryDecision('catch_up_failed', 'catch-up failed; the next tick tries again');

/** One integration's catch-up: CatchUpUseCase. */
export function catchUpHandler(useCase: Pick<CatchUpUseCase, 'execute'>): JobHandler<CatchUpJobData, CatchUpOutcome> {
  return oneSubjectHandler({ label: 'catch-up', subject: 'integrationId', decide: decideCatchUpFailure }, useCase);
}

/** The repeating tick: FanOutCatchUpUseCase (one catch-up job per integration whose chats are imported). */
export function catchUpTickHandler(useCase: Pick<FanOutCatchUpUseCase, 'execute'>) {
  return fanOutTickHandler({ label: 'catch-up tick', failureCode: 'catch_up_tick_failed' }, useCase);
}
