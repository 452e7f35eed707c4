import type { JobReport } from './job-handler';

/**
 * The report of a run whose outcome says how it ended (`done`, `skipped`, a backfill's `interrupted`):
 * only a skip counts as skipped; the status is the metrics code, the outcome the log's fields.
 */
export function reportByStatus(label: string): (outcome: { status: string }) => JobReport {
  return (outcome) => ({
    outcome: outcome.status === 'skipped' ? 'skipped' : 'completed',
    code: outcome.status,
    message: `${label} ${outcome.status}`,
    fields: { ...outcome },
  });
}
