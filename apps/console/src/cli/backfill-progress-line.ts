import type { BackfillProgress } from '../backfill/backfill-progress';

const WIDTH = 24;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * One terminal line: bar and percent of the period scanned, counts, rate of conversations read per
 * second, and the time left at that rate (this run only, so a resumed run estimates from its own pace).
 */
export function backfillProgressLine(p: BackfillProgress, elapsedSeconds: number, scannedThisRun: number): string {
  const filled = Math.round(p.fraction * WIDTH);
  const rate = elapsedSeconds > 0 ? scannedThisRun / elapsedSeconds : 0;
  const fractionThisRun = elapsedSeconds > 0 && p.fraction > 0 ? p.fraction : 0;
  const eta =
    p.status === 'done'
      ? 0
      : fractionThisRun > 0
        ? (elapsedSeconds * (1 - p.fraction)) / fractionThisRun
        : Number.POSITIVE_INFINITY;
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(p.fraction * 100)).padStart(3)}%  scanned ${p.scanned}  queued ${p.queued}  ${rate.toFixed(0)}/s  ETA ${duration(eta)}  ${p.status}`;
}
