import { CarrotQuestError, CarrotQuestErrorCode, DEFAULT_RETRY_AFTER_MS } from '@carrot-bridge/carrotquest';
import { IntegrationThrottleCode, IntegrationThrottledError } from './integration-throttled-error';

/** A job turned away comes back no sooner than this (each return costs a Redis round trip). */
const MIN_DEFER_MS = 50;
/** Nor later than this after it may (now, or a cool-down's end): a stale estimate must not park a backlog for long. */
const MAX_DEFER_MS = 60_000;
/** Assumed time a job's reads take until one was measured (a few CarrotQuest round trips). */
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
  /** Return times handed to jobs turned away that are still ahead, ascending: the backlog this process saw. */
  returns: number[];
  /** Moving average of how long an admitted job's CarrotQuest reads take (first call to release). */
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
      const delay = this.returnAfter(share, now, now);
      throw new IntegrationThrottledError(
        IntegrationThrottleCode.Busy,
        delay,
        `the integration has ${this.cap} jobs reading CarrotQuest in this worker; back in ${delay} ms`,
      );
    }
    share.jobs += 1;
    let released = false;
    /** The pace is measured over the calls only: a job slow before them (its database read) says nothing of CarrotQuest. */
    let firstCall: number | undefined;
    return {
      call: (request) => {
        firstCall ??= this.now();
        return this.call(share, request);
      },
      release: () => {
        if (released) return;
        released = true;
        share.jobs -= 1;
        if (firstCall !== undefined) share.holdMs += HOLD_SMOOTHING * (this.now() - firstCall - share.holdMs);
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
    const delay = this.returnAfter(share, share.coolUntil, now);
    return new IntegrationThrottledError(
      IntegrationThrottleCode.CoolingDown,
      delay,
      `CarrotQuest asked this integration to wait (429); back in ${delay} ms`,
    );
  }

  /**
   * A return time for a job turned away, as a delay from now: after `from` (now, or the cool-down's end),
   * behind the returns still ahead, one pace (hold / cap) apart, so a backlog comes back about as slots
   * free up, not in one herd. Counted from the returns still ahead at the current pace, not appended to
   * the last one handed out: a job coming back to be turned away again takes its one place, and a pace
   * that got faster (a slow spell over) brings the whole schedule in at once.
   */
  private returnAfter(share: IntegrationShare, from: number, now: number): number {
    const { returns } = share;
    let passed = 0;
    while (passed < returns.length && returns[passed]! <= now) passed += 1;
    returns.splice(0, passed);
    const spaced = from + ((returns.length + 1) * share.holdMs) / this.cap;
    const at = Math.round(Math.min(from + MAX_DEFER_MS, Math.max(now + MIN_DEFER_MS, spaced)));
    let place = returns.length;
    while (place > 0 && returns[place - 1]! > at) place -= 1;
    returns.splice(place, 0, at);
    return at - now;
  }

  private shareOf(integrationId: string): IntegrationShare {
    let share = this.shares.get(integrationId);
    if (!share) {
      share = { jobs: 0, calls: 0, waiting: [], coolUntil: 0, returns: [], holdMs: INITIAL_HOLD_MS };
      this.shares.set(integrationId, share);
    }
    return share;
  }

  /** Keeps memory to the integrations at work: an idle one with nothing to remember is dropped. */
  private forgetIfIdle(integrationId: string, share: IntegrationShare): void {
    const now = this.now();
    if (share.jobs === 0 && share.calls === 0 && share.coolUntil <= now && (share.returns.at(-1) ?? 0) <= now)
      this.shares.delete(integrationId);
  }
}
