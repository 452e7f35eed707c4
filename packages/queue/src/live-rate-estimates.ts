import { LIVE_RATE_WINDOW_MS } from './live-priority';

/** Integrations remembered at most; past it, estimates older than the window are dropped. */
const MAX_REMEMBERED = 10_000;

/**
 * What this process last learnt of each integration's recent live rate (the sliding count Redis answered
 * for the previous batch, every process's imports included). A batch's priorities are decided from it, so
 * the rate costs no round trip of its own: it comes back with the call that marks the event ids.
 */
export class LiveRateEstimates {
  private readonly byIntegration = new Map<string, { count: number; at: number }>();

  constructor(private readonly windowMs = LIVE_RATE_WINDOW_MS) {}

  /** The last count read for the integration, or 0 when none was read within the window. */
  recent(integrationId: string, nowMs: number): number {
    const known = this.byIntegration.get(integrationId);
    return known && nowMs - known.at < this.windowMs ? known.count : 0;
  }

  record(integrationId: string, count: number, nowMs: number): void {
    this.byIntegration.set(integrationId, { count, at: nowMs });
    if (this.byIntegration.size <= MAX_REMEMBERED) return;
    for (const [id, known] of this.byIntegration) if (nowMs - known.at >= this.windowMs) this.byIntegration.delete(id);
  }
}
