import type { Redis } from 'ioredis';
import { redactDeliveryBody } from './redact-delivery-body';

/** One webhook delivery as answered: what an operator needs to tell a working integration from a broken one. */
export interface DeliveryRecord {
  /** ISO time the answer was given. */
  at: string;
  httpStatus: number;
  /** Our answer's status word (`queued`, `duplicate`, `ignored`, `invalid_webhook`, `invalid_token`...). */
  status: string;
  /** `type` of the delivery and, for event webhooks, the event's name. */
  kind: string | null;
  eventName: string | null;
  conversationId: string | null;
  /** Why it was refused or ignored, in our words; null when it was queued. */
  problem: string | null;
}

/**
 * A delivery's body as received, with its content type. Bytes are decoded (UTF-8) only when written:
 * a log that keeps the newest few bodies then decodes and redacts only those.
 */
export interface RawDeliveryBody {
  body: string | Buffer;
  contentType: string | null;
}

export interface DeliveryBody {
  at: string;
  contentType: string | null;
  /** The body as received, with the token and anything key-like redacted, cut at the size limit. */
  body: string;
  truncated: boolean;
}

export interface DeliveryLogLimits {
  /** Deliveries kept per integration. */
  entries: number;
  /** Raw bodies kept per integration (the newest). */
  bodies: number;
  /** Bytes of each body kept. */
  bodyBytes: number;
  /** How long a body is shown (and the lists kept without new deliveries). */
  ttlSeconds: number;
}

export const DEFAULT_DELIVERY_LOG_LIMITS: DeliveryLogLimits = { entries: 100, bodies: 20, bodyBytes: 16 * 1024, ttlSeconds: 7 * 24 * 60 * 60 };

function cut(text: string, bytes: number): { text: string; truncated: boolean } {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return { text, truncated: false };
  // Cut on a character boundary: a partial UTF-8 sequence at the end is dropped by the decoder.
  return { text: buffer.subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, ''), truncated: true };
}

/**
 * The last deliveries of each integration, in Redis lists trimmed on every write (bounded whatever the
 * traffic). Written by the ingress after it answered, read by the console page and `pnpm cq deliveries`.
 * Deliveries whose webhook key is unknown have no integration and are not logged here (only counted).
 */
export class DeliveryLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: DeliveryLogLimits = DEFAULT_DELIVERY_LOG_LIMITS,
  ) {}

  private key(kind: 'entries' | 'bodies', integrationId: string): string {
    return `${this.prefix}:deliveries:${kind}:${integrationId}`;
  }

  async record(integrationId: string, entry: DeliveryRecord, raw?: RawDeliveryBody): Promise<void> {
    await this.recordMany(new Map([[integrationId, { entries: [entry], bodies: raw ? [{ entry, raw }] : [] }]]));
  }

  /** Several integrations' deliveries, oldest first within each, in one Redis round trip. */
  async recordMany(batch: ReadonlyMap<string, { entries: DeliveryRecord[]; bodies: Array<{ entry: DeliveryRecord; raw: RawDeliveryBody }> }>): Promise<void> {
    const { entries, bodies, bodyBytes, ttlSeconds } = this.limits;
    const pipeline = this.redis.multi();
    for (const [integrationId, pending] of batch) {
      if (pending.entries.length > 0) {
        const entriesKey = this.key('entries', integrationId);
        pipeline.lpush(entriesKey, ...pending.entries.slice(-entries).map((e) => JSON.stringify(e))).ltrim(entriesKey, 0, entries - 1).expire(entriesKey, ttlSeconds);
      }
      if (pending.bodies.length > 0) {
        const bodiesKey = this.key('bodies', integrationId);
        const stored = pending.bodies.slice(-bodies).map(({ entry, raw }) => {
          const { text, truncated } = cut(redactDeliveryBody(typeof raw.body === 'string' ? raw.body : raw.body.toString('utf8'), raw.contentType), bodyBytes);
          return JSON.stringify({ at: entry.at, contentType: raw.contentType, body: text, truncated } satisfies DeliveryBody);
        });
        pipeline.lpush(bodiesKey, ...stored).ltrim(bodiesKey, 0, bodies - 1).expire(bodiesKey, ttlSeconds);
      }
    }
    await pipeline.exec();
  }

  /** Newest first. Bodies older than the retention are left out even if the list still holds them. */
  async read(integrationId: string, now = Date.now()): Promise<{ deliveries: DeliveryRecord[]; bodies: DeliveryBody[] }> {
    const [deliveries, bodies] = await Promise.all([
      this.redis.lrange(this.key('entries', integrationId), 0, -1),
      this.redis.lrange(this.key('bodies', integrationId), 0, -1),
    ]);
    const oldest = now - this.limits.ttlSeconds * 1000;
    return {
      deliveries: deliveries.map((d) => JSON.parse(d) as DeliveryRecord),
      bodies: bodies.map((b) => JSON.parse(b) as DeliveryBody).filter((b) => Date.parse(b.at) >= oldest),
    };
  }
}
