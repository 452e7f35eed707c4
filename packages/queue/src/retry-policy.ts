/**
 * Retry timing of chat imports. 25 attempts with a delay that doubles from `baseDelayMs` (5 s) up to
 * `maxDelayMs` (30 min): the last attempt comes 4 to 8.5 hours after the first (jitter), which rides out a
 * several-hour CarrotQuest or PostgreSQL outage. Each delay is jittered (50-100%) so that a burst of jobs
 * failing together does not come back together.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 25, baseDelayMs: 5_000, maxDelayMs: 30 * 60_000 };

/** The BullMQ backoff type name the worker implements with `computeRetryDelay`. */
export const RETRY_BACKOFF_TYPE = 'capped-exponential-jitter';

/** Delay before the next attempt, after `attemptsMade` failed ones (1-based, as BullMQ counts). */
export function computeRetryDelay(
  attemptsMade: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** How long a job keeps retrying under `policy` when jitter draws `random` every time. */
export function retryWindowMs(policy: RetryPolicy, random: () => number): number {
  let total = 0;
  for (let made = 1; made < policy.attempts; made += 1) total += computeRetryDelay(made, policy, random);
  return total;
}
