import type { FailureDecision } from './lifecycle/failure-decision';
import type { JobHandler, JobReport } from './lifecycle/job-handler';
import { reportByStatus } from './lifecycle/job-reports';

// The parts several job handlers share. They belong beside lifecycle/job-reports.ts; they live here
// while the lifecycle folder is being reworked (issue 21).

/** The report of a run that always completes: a fixed code and message, its outcome as the log's fields. */
export function reportCompleted(code: string, message: string): (outcome: object) => JobReport {
  return (outcome) => ({ outcome: 'completed', code, message, fields: { ...outcome } });
}

/**
 * Try again, as far as the job's attempts in the catalog allow (one for a daily purge or sweep and a
 * catch-up, whose next run makes up for a failed one); `failed` says what failed and what comes next.
 */
export function retryDecision(code: string, failed: string): (error: unknown) => FailureDecision {
  return (error) => ({
    action: 'retry',
    code,
    reason: `${failed}: ${error instanceof Error ? error.message : String(error)}`,
  });
}

/**
 * The handler of a job whose use case takes the whole payload; the log names the payload's `logged`
 * fields, in that order.
 */
export function payloadHandler<TData, TResult>(
  useCase: { execute: (data: TData) => Promise<TResult> },
  // NoInfer: the use case alone says what the payload and result are; the parts are checked against them.
  job: Omit<JobHandler<NoInfer<TData>, NoInfer<TResult>>, 'execute' | 'describe'> & {
    logged: readonly (keyof NoInfer<TData>)[];
  },
): JobHandler<TData, TResult> {
  const { logged, ...parts } = job;
  return {
    ...parts,
    execute: (data) => useCase.execute(data),
    describe: (data) => Object.fromEntries(logged.map((key) => [key, data[key]])),
  };
}

/** Which id a job is about: the use case runs on it, and the log names it. */
type SubjectKey = 'accountId' | 'integrationId';

/** The handler of a job about one account or one integration, whose outcome says how it ended. */
export function oneSubjectHandler<K extends SubjectKey, TResult extends { status: string }>(
  job: { label: string; subject: K; decide: (error: unknown) => FailureDecision },
  useCase: { execute: (id: string) => Promise<TResult> },
): JobHandler<Record<K, string>, TResult> {
  return {
    label: job.label,
    execute: (data) => useCase.execute(data[job.subject]),
    decide: job.decide,
    describe: (data) => ({ [job.subject]: data[job.subject] }),
    report: reportByStatus(job.label),
  };
}
