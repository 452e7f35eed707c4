import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TextMatcher } from '@carrot-bridge/domain';
import { redactUnderstoodBody } from './redact-delivery-body';

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

/** How the ingress read a body: form fields or JSON, either of them possibly after base64. */
export type BodyEncoding = 'form' | 'json' | 'base64+form' | 'base64+json';

/** The fields of a body as the ingress understood them (what it authenticated and validated). */
export interface UnderstoodBody {
  encoding: BodyEncoding;
  fields: Record<string, unknown>;
}

/**
 * A delivery's body as received, with what the ingress understood of it. Only an understood body is
 * ever kept (redacted by key, after decoding); one that was not understood keeps its size, content type
 * and SHA-256 only. Redaction happens when written: a log that keeps the newest few redacts only those.
 */
export interface RawDeliveryBody {
  body: string | Buffer;
  contentType: string | null;
  understood?: UnderstoodBody | undefined;
  /** Exact secrets to remove wherever they appear (the token the delivery was authenticated with). Never written. */
  secrets?: readonly string[] | undefined;
}

export interface DeliveryBody {
  at: string;
  contentType: string | null;
  /** How the ingress read it; `unparsed` when it could not (or the body was past the redaction bounds). */
  encoding: BodyEncoding | 'unparsed';
  /** The understood fields as JSON text, redacted, cut at the size limit; '' when unparsed. */
  body: string;
  truncated: boolean;
  /** Size of the body as received. */
  bytes: number;
  /** SHA-256 (hex) of a body that is not kept, to tell repeated deliveries apart; null when it is kept. */
  sha256: string | null;
  /** The delivery's kind, event and conversation (as in its entry), so a body is told apart without its entry; absent in bodies kept before. */
  kind?: string | null;
  eventName?: string | null;
  conversationId?: string | null;
}

/**
 * Deliveries to an integration with a webhook token that were not authenticated (wrong or missing
 * token, or refused before the token could be read): counted, never listed, so a flood of them cannot
 * push real deliveries out of the log.
 */
export interface UnauthenticatedDeliveries {
  count: number;
  lastAt: string | null;
  /** Count per answer status (`invalid_token`, `rate_limited`, `invalid_webhook`...). */
  byAnswer: Record<string, number>;
}

/** What one flush writes for one integration, oldest first. */
export interface PendingDeliveries {
  entries: DeliveryRecord[];
  bodies: Array<{ entry: DeliveryRecord; raw: RawDeliveryBody }>;
  unauthenticated?: { byAnswer: Record<string, number>; lastAt: string };
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

export const DEFAULT_DELIVERY_LOG_LIMITS: DeliveryLogLimits = {
  entries: 100,
  bodies: 20,
  bodyBytes: 16 * 1024,
  ttlSeconds: 7 * 24 * 60 * 60,
};

/** JSON.parse where it cannot round: text with a run of 16+ digits (a possible id past 2^53) is refused. */
function parseJsonWithoutRounding(text: string): unknown {
  for (let i = 0, run = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    run = c >= 0x30 && c <= 0x39 ? run + 1 : 0;
    if (run >= 16) throw new Error('a long number: parsed only by an exact parser');
  }
  return JSON.parse(text);
}

function cut(text: string, bytes: number): { text: string; truncated: boolean } {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return { text, truncated: false };
  // Cut on a character boundary: a partial UTF-8 sequence at the end is dropped by the decoder.
  return {
    text: buffer
      .subarray(0, bytes)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
    truncated: true,
  };
}

/**
 * The last deliveries of each integration, in Redis lists trimmed on every write (bounded whatever the
 * traffic). Written by the ingress after it answered, read by the console page and `pnpm cq deliveries`.
 * Deliveries whose webhook key is unknown have no integration and are not logged here (only counted).
 */
export class DeliveryLog {
  /**
   * `parseJson` opens JSON text nested in fields for redaction; the writer (ingress) passes
   * parseExactJson so ids past 2^53 keep their digits. Without it (readers), nested JSON text is parsed
   * only when it holds no integer long enough to be rounded, and is otherwise not kept.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: DeliveryLogLimits = DEFAULT_DELIVERY_LOG_LIMITS,
    private readonly parseJson: (text: string) => unknown = parseJsonWithoutRounding,
  ) {}

  private key(kind: 'entries' | 'bodies' | 'unauthenticated', integrationId: string): string {
    return `${this.prefix}:deliveries:${kind}:${integrationId}`;
  }

  async record(integrationId: string, entry: DeliveryRecord, raw?: RawDeliveryBody): Promise<void> {
    await this.recordMany(new Map([[integrationId, { entries: [entry], bodies: raw ? [{ entry, raw }] : [] }]]));
  }

  /** Counts one unauthenticated delivery (see UnauthenticatedDeliveries). */
  async countUnauthenticated(integrationId: string, status: string, at: string): Promise<void> {
    await this.recordMany(
      new Map([
        [integrationId, { entries: [], bodies: [], unauthenticated: { byAnswer: { [status]: 1 }, lastAt: at } }],
      ]),
    );
  }

  /** Several integrations' deliveries, oldest first within each, in one Redis round trip. */
  async recordMany(batch: ReadonlyMap<string, PendingDeliveries>): Promise<void> {
    const { entries, bodies, bodyBytes, ttlSeconds } = this.limits;
    const pipeline = this.redis.multi();
    for (const [integrationId, pending] of batch) {
      if (pending.entries.length > 0) {
        const entriesKey = this.key('entries', integrationId);
        pipeline
          .lpush(entriesKey, ...pending.entries.slice(-entries).map((e) => JSON.stringify(e)))
          .ltrim(entriesKey, 0, entries - 1)
          .expire(entriesKey, ttlSeconds);
      }
      if (pending.bodies.length > 0) {
        const bodiesKey = this.key('bodies', integrationId);
        const stored = pending.bodies
          .slice(-bodies)
          .map(({ entry, raw }) => JSON.stringify(this.keptBody(entry, raw, bodyBytes)));
        pipeline
          .lpush(bodiesKey, ...stored)
          .ltrim(bodiesKey, 0, bodies - 1)
          .expire(bodiesKey, ttlSeconds);
      }
      if (pending.unauthenticated) {
        const countsKey = this.key('unauthenticated', integrationId);
        for (const [status, count] of Object.entries(pending.unauthenticated.byAnswer))
          pipeline.hincrby(countsKey, `answer:${status}`, count);
        pipeline.hset(countsKey, 'lastAt', pending.unauthenticated.lastAt).expire(countsKey, ttlSeconds);
      }
    }
    await pipeline.exec();
  }

  private keptBody(entry: DeliveryRecord, raw: RawDeliveryBody, bodyBytes: number): DeliveryBody {
    const bytes = typeof raw.body === 'string' ? Buffer.byteLength(raw.body) : raw.body.length;
    const about = { kind: entry.kind, eventName: entry.eventName, conversationId: entry.conversationId };
    const redacted = raw.understood
      ? redactUnderstoodBody(raw.understood.fields, { parseJson: this.parseJson, secrets: raw.secrets })
      : null;
    if (raw.understood && redacted !== null) {
      const { text, truncated } = cut(redacted, bodyBytes);
      return {
        at: entry.at,
        contentType: raw.contentType,
        encoding: raw.understood.encoding,
        body: text,
        truncated,
        bytes,
        sha256: null,
        ...about,
      };
    }
    const sha256 = createHash('sha256').update(raw.body).digest('hex');
    return {
      at: entry.at,
      contentType: raw.contentType,
      encoding: 'unparsed',
      body: '',
      truncated: false,
      bytes,
      sha256,
      ...about,
    };
  }

  /**
   * An erasure of personal data (docs/personal-data.md): removes every delivery entry and body of these
   * integrations whose stored JSON text names the person (`person.matches`: PersonalDataMatcher finds a
   * phone however it is written). Each element is removed by its exact text (LREM key 1 element), not by
   * position, so a delivery the ingress pushes meanwhile is neither lost nor removed in its place.
   * Returns how many elements went; never logs what it looked for.
   */
  async eraseMentioning(integrationIds: string[], person: TextMatcher): Promise<{ entries: number; bodies: number }> {
    let entries = 0;
    let bodies = 0;
    for (const integrationId of new Set(integrationIds)) {
      entries += await this.removeMentioning(this.key('entries', integrationId), person);
      bodies += await this.removeMentioning(this.key('bodies', integrationId), person);
    }
    return { entries, bodies };
  }

  private async removeMentioning(key: string, person: TextMatcher): Promise<number> {
    const matching = (await this.redis.lrange(key, 0, -1)).filter((element) => person.matches(element));
    if (matching.length === 0) return 0;
    const pipeline = this.redis.multi();
    for (const element of matching) pipeline.lrem(key, 1, element);
    const answers = (await pipeline.exec()) ?? [];
    return answers.reduce((sum, [error, removed]) => {
      if (error) throw error;
      return sum + Number(removed);
    }, 0);
  }

  /** Newest first. Bodies older than the retention are left out even if the list still holds them. */
  async read(
    integrationId: string,
    now = Date.now(),
  ): Promise<{ deliveries: DeliveryRecord[]; bodies: DeliveryBody[]; unauthenticated: UnauthenticatedDeliveries }> {
    const [deliveries, bodies, counts] = await Promise.all([
      this.redis.lrange(this.key('entries', integrationId), 0, -1),
      this.redis.lrange(this.key('bodies', integrationId), 0, -1),
      this.redis.hgetall(this.key('unauthenticated', integrationId)),
    ]);
    const oldest = now - this.limits.ttlSeconds * 1000;
    const byAnswer: Record<string, number> = {};
    for (const [field, value] of Object.entries(counts))
      if (field.startsWith('answer:')) byAnswer[field.slice('answer:'.length)] = Number(value);
    return {
      deliveries: deliveries.map((d) => JSON.parse(d) as DeliveryRecord),
      // Bodies written before bodies were understood (no `encoding`) held raw text: not shown.
      bodies: bodies
        .map((b) => JSON.parse(b) as DeliveryBody)
        .filter((b) => Date.parse(b.at) >= oldest && typeof b.encoding === 'string'),
      unauthenticated: {
        count: Object.values(byAnswer).reduce((a, b) => a + b, 0),
        lastAt: counts.lastAt ?? null,
        byAnswer,
      },
    };
  }
}
