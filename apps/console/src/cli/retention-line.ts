import { terminalSafe } from './terminal-safe';

/** The account's retention as the status API gives it (packages/db retentionStatusOfAccount). */
export interface RetentionView {
  days: number | null;
  lastRun: { startedAt: Date | null; finishedAt: Date | null; erased: number; error: string | null } | null;
}

/**
 * `pnpm cq status`'s line about «Срок хранения переписки»: the days and the daily sweep's last run, what
 * the page's status panel says (docs/personal-data.md). The sweep's error is outside text: made terminal-safe.
 */
export function retentionLine(retention: RetentionView): string {
  if (retention.days === null) return 'retention: not set — chats are kept for ever';
  const run = retention.lastRun;
  const days = `retention: ${retention.days} ${retention.days === 1 ? 'day' : 'days'}`;
  if (!run || !run.startedAt) return `${days}; no sweep yet (it runs daily)`;
  if (!run.finishedAt) return `${days}; sweep running since ${run.startedAt.toISOString()}`;
  const erased = `erased ${run.erased} ${run.erased === 1 ? 'chat' : 'chats'}`;
  const error = run.error ? `; failed: ${terminalSafe(run.error)}` : '';
  return `${days}; last sweep ${run.finishedAt.toISOString()} — ${erased}${error}`;
}
