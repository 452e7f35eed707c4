/** What the limiter says about one client address. */
export type LoginThrottle = { throttled: false } | { throttled: true; retryAfterSeconds: number };

export interface FailedLoginLimiterOptions {
  /** Failed attempts allowed per address within `windowMs` before the address is held off. */
  maxFailures: number;
  windowMs: number;
  /** How long an address that went over the limit is refused, whatever it sends. */
  blockMs: number;
  /** Addresses remembered at once; the oldest are forgotten first (bounded memory under a spray). */
  maxAddresses: number;
  now?: () => number;
}

interface AddressRecord {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Counts failed logins per client address. Over the limit an address is refused for `blockMs`, even
 * with the right password (otherwise the answer would still tell a guess right from wrong). Only that
 * address is held off: the right password from anywhere else still works, so an attacker cannot lock
 * the operators out.
 */
export class FailedLoginLimiter {
  private readonly records = new Map<string, AddressRecord>();
  private readonly now: () => number;

  constructor(private readonly options: FailedLoginLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  check(address: string): LoginThrottle {
    const record = this.records.get(address);
    const now = this.now();
    if (!record || record.blockedUntil <= now) return { throttled: false };
    return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((record.blockedUntil - now) / 1000)) };
  }

  /** Notes a failure; true when this failure put the address over the limit (log it once). */
  fail(address: string): boolean {
    const now = this.now();
    let record = this.records.get(address);
    if (!record || now - record.windowStart >= this.options.windowMs) {
      record = { windowStart: now, failures: 0, blockedUntil: 0 };
      this.remember(address, record);
    }
    record.failures += 1;
    if (record.failures > this.options.maxFailures && record.blockedUntil <= now) {
      record.blockedUntil = now + this.options.blockMs;
      return true;
    }
    return false;
  }

  /** A success forgets the address's earlier typos. */
  succeed(address: string): void {
    this.records.delete(address);
  }

  get size(): number {
    return this.records.size;
  }

  private remember(address: string, record: AddressRecord): void {
    this.records.delete(address);
    if (this.records.size >= this.options.maxAddresses) {
      const oldest = this.records.keys().next();
      if (!oldest.done) this.records.delete(oldest.value);
    }
    this.records.set(address, record);
  }
}
