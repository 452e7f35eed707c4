/**
 * The order of live imports between integrations (docs/fairness.md). An integration that sent fewer
 * than `threshold` live imports in the recent window goes without a BullMQ priority: the wait list, first
 * in first out, before every prioritized job. Above it, its imports get a priority that grows with how far
 * above (1 at the threshold, one more each time the rate doubles, 9 at most), so a burst waits behind every
 * quiet integration's chats and a bigger burst behind a smaller one, but still before the background
 * imports (backfill, catch-up: BACKGROUND_PRIORITY, 10).
 */
export const MAX_LIVE_PRIORITY = 9;

/** The window the recent rate is counted over; the threshold is per this window. */
export const LIVE_RATE_WINDOW_MS = 10_000;

/** Live imports per window above which an integration is bursting. A normal site sends a few chats a minute. */
export const DEFAULT_LIVE_BURST_THRESHOLD = 20;

/** The BullMQ priority of a live import whose integration sent `recent` imports in the window; undefined: none. */
export function livePriority(recent: number, threshold: number): number | undefined {
  if (!(recent >= threshold) || threshold <= 0) return undefined;
  return Math.min(MAX_LIVE_PRIORITY, 1 + Math.floor(Math.log2(recent / threshold)));
}

/**
 * A sliding count from two fixed buckets: the current one, plus the previous one weighted by how much of
 * it the window still covers (the usual approximation: no per-event state).
 */
export function slidingCount(current: number, previous: number, nowMs: number, windowMs: number): number {
  const elapsed = (nowMs % windowMs) / windowMs;
  return current + Math.floor(previous * (1 - elapsed));
}

/** The bucket `nowMs` falls in. */
export function rateBucket(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs);
}
