import { CarrotQuestError, CarrotQuestErrorCode, DEFAULT_RETRY_AFTER_MS } from '@carrot-bridge/carrotquest';
import { IntegrationThrottleCode, IntegrationThrottledError } from './integration-throttled-error';

/** A job turned away comes back no sooner than this (each return costs a Redis round trip). */
const MIN_DEFER_MS = 50;
/** Nor later than this: a stale estimate must not park a backlog for long. */
const MAX_DEFER_MS = 60_000;
/** Assumed time a job holds its admission until one was measured (a few CarrotQuest round trips). */
const INITIAL_HOLD_MS = 300;
/** Weight of the newest hold in the moving average. */
const HOLD_SMOOTHING = 0.2;

interface IntegrationShare {
  /** Jobs admitted to their CarrotQuest reads. */
  jobs: number;
  /** CarrotQuest calls in flight, and the calls waiting for one of its slots. */
  calls: number;
  waiting: Array<() => void>;
  /** No call before this (a 429's Retry-After). */
  coolUntil: number;
  /** The last return time handed to a job turned away: the next one comes after it. */
  nextReturn: number;
  /** Moving average of how long an admitted job reads from CarrotQuest. */
  holdMs: number;
}

/** An admitted job's hold on its integration's share: its reads go through `limited`, then `release`. */
export interface IntegrationLease {
  /** Runs one CarrotQuest call of the integration within its cap; a 429 cools the integration down. */
  call<T>(request: () => Promise<T>): Promise<T>;
  release(): void;
}

/**
 * Each integration's share of this worker process's CarrotQuest calls (docs/fairness.md): at most `cap`
 * calls in flight at once, at most `cap` jobs reading at once (a job reads up to three things in
 * parallel; more admitted jobs would only wait here, holding worker slots other integrations' jobs need),
 * and after a 429 nothing until its Retry-After. A job that cannot be admitted is turned away
 * (IntegrationThrottledError) with a return time: jobs turned away are spaced by the integration's
 * measured pace, so a backlog comes back about when slots free up instead of cycling through Redis.
 * All in memory: no Redis cost per call, and the cap is per worker process.
 */
export class IntegrationCallLimiter {
  private readonly shares = new Map<string, IntegrationShare>();

  constructor(
    private readonly cap: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error('the per-integration cap must be a positive integer');
  }

  /** Admits a job of the integration, or throws IntegrationThrottledError saying when to come back. */
  admit(integrationId: string): IntegrationLease {
    const share = this.shareOf(integrationId);
    const now = this.now();
    if (share.coolUntil > now) throw this.coolingDown(share, now);
    if (share.jobs >= this.cap) {
      const after = Math.max(share.nextReturn, now) + share.holdMs / this.cap;
      const back = Math.round(Math.min(now + MAX_DEFER_MS, Math.max(now + MIN_DEFER_MS, after)));
      share.nextReturn = back;
      throw new IntegrationThrottledError(
        IntegrationThrottleCode.Busy,
        back - now,
        `the integration has ${this.cap} jobs reading CarrotQuest in this worker; back in ${back - now} ms`,
      );
    }
    share.jobs += 1;
    let released = false;
    return {
      call: (request) => this.call(share, request),
      release: () => {
        if (released) return;
        released = true;
        share.jobs -= 1;
        share.holdMs += HOLD_SMOOTHING * (this.now() - now - share.holdMs);
        this.forgetIfIdle(integrationId, share);
      },
    };
  }

  /** CarrotQuest calls in flight for the integration in this process (tests and metrics). */
  inFlight(integrationId: string): number {
    return this.shares.get(integrationId)?.calls ?? 0;
  }

  private async call<T>(share: IntegrationShare, request: () => Promise<T>): Promise<T> {
    if (share.calls >= this.cap) await new Promise<void>((resolve) => share.waiting.push(resolve));
    else share.calls += 1;
    // The slot is ours (handed over by the call that freed it, or taken above).
    try {
      const now = this.now();
      if (share.coolUntil > now) throw this.coolingDown(share, now);
      return await request();
    } catch (error) {
      if (error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited)
        share.coolUntil = Math.max(
          share.coolUntil,
          this.now() + (error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS),
        );
      throw error;
    } finally {
      const next = share.waiting.shift();
      if (next) next();
      else share.calls -= 1;
    }
  }

  private coolingDown(share: IntegrationShare, now: number): IntegrationThrottledError {
    // Spread over one hold, so the jobs that waited do not all come back in the same instant.
    const delay = share.coolUntil - now + Math.floor(Math.random() * share.holdMs);
    return new IntegrationThrottledError(
      IntegrationThrottleCode.CoolingDown,
      delay,
      `CarrotQuest asked this integration to wait (429); back in ${delay} ms`,
    );
  }

  private shareOf(integrationId: string): IntegrationShare {
    let share = this.shares.get(integrationId);
    if (!share) {
      share = { jobs: 0, calls: 0, waiting: [], coolUntil: 0, nextReturn: 0, holdMs: INITIAL_HOLD_MS };
      this.shares.set(integrationId, share);
    }
    return share;
  }

  /** Keeps memory to the integrations at work: an idle one with nothing to remember is dropped. */
  private forgetIfIdle(integrationId: string, share: IntegrationShare): void {
    const now = this.now();
    if (share.jobs === 0 && share.calls === 0 && share.coolUntil <= now && share.nextReturn <= now)
      this.shares.delete(integrationId);
  }
}
