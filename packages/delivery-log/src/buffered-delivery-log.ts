import type { DeliveryLog, DeliveryRecord, PendingDeliveries, RawDeliveryBody } from './delivery-log';

/**
 * The ingress's writer of the delivery log: records are gathered in memory and written every
 * `flushEveryMs` in one Redis round trip, so a delivery costs no Redis call of its own (the log is a
 * view for people, not a record of what was queued). Only what the log keeps is ever written or
 * redacted: the newest `keepEntries` deliveries and `keepBodies` bodies per integration per flush.
 * Records still in memory when the process dies are lost; close() flushes them at shutdown.
 */
export class BufferedDeliveryLog {
  private pending = new Map<string, PendingDeliveries>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: Pick<DeliveryLog, 'recordMany'>,
    private readonly options: {
      flushEveryMs: number;
      keepEntries: number;
      keepBodies: number;
      onError?: (error: Error) => void;
    },
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushEveryMs);
    this.timer.unref();
  }

  private pendingOf(integrationId: string): PendingDeliveries {
    let pending = this.pending.get(integrationId);
    if (!pending) this.pending.set(integrationId, (pending = { entries: [], bodies: [] }));
    return pending;
  }

  async record(integrationId: string, entry: DeliveryRecord, raw?: RawDeliveryBody): Promise<void> {
    const pending = this.pendingOf(integrationId);
    pending.entries.push(entry);
    if (pending.entries.length > this.options.keepEntries) pending.entries.shift();
    if (raw) {
      pending.bodies.push({ entry, raw });
      if (pending.bodies.length > this.options.keepBodies) pending.bodies.shift();
    }
  }

  /** Counted, never listed: memory per integration stays one small record whatever the flood. */
  async countUnauthenticated(integrationId: string, status: string, at: string): Promise<void> {
    const pending = this.pendingOf(integrationId);
    pending.unauthenticated ??= { byAnswer: {}, lastAt: at };
    pending.unauthenticated.byAnswer[status] = (pending.unauthenticated.byAnswer[status] ?? 0) + 1;
    pending.unauthenticated.lastAt = at;
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    await this.log.recordMany(batch).catch((error: Error) => this.options.onError?.(error));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
