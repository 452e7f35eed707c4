import type { SessionLookupJobData } from '@carrot-bridge/queue';
import { payloadHandler } from '../job-handler-parts';
import type { JobHandler } from '../lifecycle/job-handler';
import { reportByStatus } from '../lifecycle/job-reports';
import { decideSessionLookupFailure } from './decide-session-lookup-failure';
import type { SessionLookupOutcome, SessionLookupUseCase } from './session-lookup.usecase';

/** One run of an account's session lookups: SessionLookupUseCase and decideSessionLookupFailure. */
export function sessionLookupHandler(
  useCase: Pick<SessionLookupUseCase, 'execute'>,
): JobHandler<SessionLookupJobData, SessionLookupOutcome> {
  return payloadHandler(useCase, {
    label: 'session lookup',
    logged: ['accountId'],
    decide: decideSessionLookupFailure,
    report: reportByStatus('session lookup'),
  });
}
