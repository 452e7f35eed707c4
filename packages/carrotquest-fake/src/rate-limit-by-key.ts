/**
 * An app's rate limit as the fake models it: at most `requestsPerSecond` requests per API key are let
 * through in each whole second of the clock; the others are refused with the seconds left until the
 * next one (what the fake sends as Retry-After). Refused requests do not count.
 *
 * CarrotQuest documents the refusal (`TooManyRequests`, HTTP 429:
 * https://developers.carrotquest.io/webapi/exceptions) but not its numbers, its window, what it counts
 * (per app, per key, per IP) nor a Retry-After header (docs/carrotquest-api.md, "Not confirmed";
 * /work/shared/notes/carrotquest-api.md). A fixed window per key is the common shape of such a limit
 * and only the fake's guess; tests pick the figure.
 */
export class RateLimitByKey {
  private readonly windows = new Map<string, { second: number; count: number }>();

  constructor(
    readonly requestsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(requestsPerSecond) || requestsPerSecond < 1)
      throw new Error('fake: a rate limit is a positive whole number of requests per second');
  }

  /** Counts a request of `key`: undefined when it may go through, else the seconds to wait. */
  take(key: string): number | undefined {
    const now = this.now();
    const second = Math.floor(now / 1000);
    const window = this.windows.get(key);
    if (!window || window.second !== second) {
      this.windows.set(key, { second, count: 1 });
      return undefined;
    }
    if (window.count < this.requestsPerSecond) {
      window.count += 1;
      return undefined;
    }
    // Retry-After is whole seconds (RFC 9110, 10.2.3): the rest of this second rounds up to one.
    return 1;
  }
}
