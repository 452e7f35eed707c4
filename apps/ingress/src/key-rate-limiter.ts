/**
 * A token bucket per webhook key, in memory: bursts up to `burst`, then `perSecond` sustained. One noisy
 * integration is slowed down without touching the others. Buckets are kept for known keys only (the
 * directory lookup comes first) and the map is bounded, so random keys cannot grow it.
 * Per process: with N ingress replicas the effective limit is N times higher, which is fine for a
 * fairness guard (it is not a billing quota).
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; false when the key is over its limit. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    // Re-inserting keeps the map in least-recently-used order, so eviction drops the idlest key.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return allowed;
  }
}
