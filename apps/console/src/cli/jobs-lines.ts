import { retentionLine, type RetentionView } from './retention-line';
import { terminalSafe } from './terminal-safe';

/** «Задачи» of one queue as the status API gives them (QueueInspector's IntegrationJobs, or "unknown"). */
export interface JobsView {
  waiting: number | null;
  retrying: number | null;
  failed: number | null;
  lastError: { reason: string; attempts: number; maxAttempts: number; final: boolean } | null;
  nextTryAt: string | null;
  unavailable?: string;
}

export interface StatusForLines {
  jobs: JobsView;
  export: { jobs: JobsView; blockers: ReadonlyArray<{ severity: string; message: string }> } | null;
  retention: RetentionView;
}

/**
 * `pnpm cq status`'s first lines: the import and export jobs by state with the last error and the next
 * try, what blocks the export, and the account's retention — what the page's status panel shows, before
 * the full JSON. Reasons may quote remote answers: made terminal-safe.
 */
export function statusLines(status: StatusForLines): string[] {
  return [...jobsAndExportLines(status), retentionLine(status.retention)];
}

function jobsAndExportLines(status: StatusForLines): string[] {
  const lines = [`import jobs: ${jobsLine(status.jobs)}`];
  if (!status.export) return [...lines, 'export: off'];
  lines.push(`export jobs: ${jobsLine(status.export.jobs)}`);
  const error = status.export.jobs.lastError;
  if (error)
    lines.push(
      `  last error (${error.final ? 'failed for good' : 'will retry'}, attempt ${error.attempts} of ${error.maxAttempts}): ${terminalSafe(error.reason)}`,
    );
  if (status.export.blockers.length === 0) lines.push('export blockers: none');
  else {
    lines.push('export blockers:');
    for (const blocker of status.export.blockers)
      lines.push(`  - [${blocker.severity}] ${terminalSafe(blocker.message)}`);
  }
  return lines;
}

function jobsLine(jobs: JobsView): string {
  if (jobs.unavailable) return `unknown (${jobs.unavailable})`;
  const next = jobs.nextTryAt ? `, next try at ${jobs.nextTryAt}` : '';
  return `waiting ${jobs.waiting}, retrying ${jobs.retrying}${next}, failed ${jobs.failed}`;
}
