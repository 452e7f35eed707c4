import type { Redis } from 'ioredis';
import { z } from 'zod';
import { RoundTripBatcher } from '@carrot-bridge/batching';
import type { WebhookDirectoryDigests } from './webhook-directory-digests';

export { WebhookDirectoryDigests } from './webhook-directory-digests';

/**
 * What ingress needs to answer a webhook, published to Redis by the console whenever an integration
 * changes (and in full at console start-up). Ingress then needs only Redis at request time and keeps
 * answering correctly while PostgreSQL is down. Entries are keyed by a keyed digest (HMAC) of the
 * webhook key's SHA-256: Redis never holds a usable URL nor anything to test guesses against.
 */
export const webhookDirectoryEntrySchema = z.object({
  integrationId: z.uuid(),
  accountId: z.uuid(),
  active: z.boolean(),
  /** Keyed digest (WebhookDirectoryDigests.token) of CarrotQuest's webhook `token`, when one is configured. */
  tokenHash: z.string().nullable(),
});
export type WebhookDirectoryEntry = z.infer<typeof webhookDirectoryEntrySchema>;

/**
 * The directory cannot tell an unknown key from a lost one: Redis was flushed or failed over to an
 * empty replica since the last full publication. Ingress answers 503 (CarrotQuest retries) rather
 * than a 404 it may give up on.
 */
export class WebhookDirectoryIncompleteError extends Error {
  constructor() {
    super('the webhook directory is not (yet) complete in Redis: it was lost and has not been republished');
    this.name = 'WebhookDirectoryIncompleteError';
  }
}

/**
 * Written in the same hash, by the same transaction, as a full publication. A hash field cannot
 * outlive its hash, so whatever loses the directory (FLUSHALL, an empty replica, a deleted key)
 * loses the marker with it. Not hex, so no key digest can collide with it.
 */
const COMPLETE_FIELD = '~complete';
/** What a batched read answers for a key absent from a directory without its marker. */
const INCOMPLETE: unique symbol = Symbol('incomplete');

/** At most this many keys are looked up in one HMGET (larger bursts are split). */
const MAX_LOOKUP_BATCH = 256;
/** HMGETs of webhook lookups in flight at once (one: see MAX_ENQUEUE_BATCHES_IN_FLIGHT). */
const MAX_LOOKUPS_IN_FLIGHT = 1;
/** Parsed entries remembered by their stored JSON (a changed entry is new JSON, so never stale). */
const MAX_PARSED_ENTRIES = 10_000;

export class WebhookDirectory {
  private readonly key: string;
  private readonly lookups = new RoundTripBatcher<string, string | null | typeof INCOMPLETE>(
    (fields) => this.readFields(fields),
    { maxBatch: MAX_LOOKUP_BATCH, maxInFlight: MAX_LOOKUPS_IN_FLIGHT },
  );
  private readonly parsed = new Map<string, Readonly<WebhookDirectoryEntry> | null>();
  /** The HMAC field of key hashes found in the directory (known keys only, so guesses cannot fill it). */
  private readonly knownFields = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly digests: WebhookDirectoryDigests,
  ) {
    this.key = `${prefix}:webhook-keys`;
  }

  /**
   * The entry of a webhook key (by its SHA-256), null when no integration has it, or
   * WebhookDirectoryIncompleteError when the directory was lost. Always read from Redis, never cached;
   * lookups arriving while another is on its way share the next HMGET (a RoundTripBatcher).
   */
  async lookup(keyHash: string): Promise<WebhookDirectoryEntry | null> {
    const known = this.knownFields.get(keyHash);
    const field = known ?? this.digests.keyField(keyHash);
    const raw = await this.lookups.submit(field);
    if (raw === INCOMPLETE) throw new WebhookDirectoryIncompleteError();
    if (raw === null) return null;
    const entry = this.parse(raw);
    if (known === undefined) {
      if (this.knownFields.size >= MAX_PARSED_ENTRIES) this.knownFields.clear();
      this.knownFields.set(keyHash, field);
    }
    return entry;
  }

  /** One HMGET for several fields and the completeness marker: each field's JSON, null, or INCOMPLETE. */
  private async readFields(fields: string[]): Promise<Array<string | null | typeof INCOMPLETE>> {
    const distinct = [...new Set(fields)];
    const values = await this.redis.hmget(this.key, ...distinct, COMPLETE_FIELD);
    const complete = values[distinct.length] !== null && values[distinct.length] !== undefined;
    const raws = new Map(distinct.map((field, i) => [field, values[i] ?? null]));
    return fields.map((field) => raws.get(field) ?? (complete ? null : INCOMPLETE));
  }

  private parse(raw: string): WebhookDirectoryEntry | null {
    const known = this.parsed.get(raw);
    if (known !== undefined) return known;
    const parsed = webhookDirectoryEntrySchema.safeParse(JSON.parse(raw));
    const entry = parsed.success ? Object.freeze(parsed.data) : null;
    if (this.parsed.size >= MAX_PARSED_ENTRIES) this.parsed.clear();
    this.parsed.set(raw, entry);
    return entry;
  }

  async publish(keyHash: string, entry: WebhookDirectoryEntry): Promise<void> {
    await this.redis.hset(
      this.key,
      this.digests.keyField(keyHash),
      JSON.stringify(webhookDirectoryEntrySchema.parse(entry)),
    );
  }

  async revoke(keyHash: string): Promise<void> {
    await this.redis.hdel(this.key, this.digests.keyField(keyHash));
  }

  /** Replaces the whole directory atomically and marks it complete (full sync from PostgreSQL). */
  async replaceAll(entries: ReadonlyMap<string, WebhookDirectoryEntry>): Promise<void> {
    const fields: Record<string, string> = { [COMPLETE_FIELD]: new Date().toISOString() };
    for (const [hash, entry] of entries)
      fields[this.digests.keyField(hash)] = JSON.stringify(webhookDirectoryEntrySchema.parse(entry));
    await this.redis.multi().del(this.key).hset(this.key, fields).exec();
  }

  /** Whether a full publication is in Redis (ingress readiness; the console republishes when not). */
  async isComplete(): Promise<boolean> {
    return (await this.redis.hexists(this.key, COMPLETE_FIELD)) === 1;
  }

  /** Published webhook keys. */
  async size(): Promise<number> {
    const [count, complete] = await Promise.all([
      this.redis.hlen(this.key),
      this.redis.hexists(this.key, COMPLETE_FIELD),
    ]);
    return count - complete;
  }
}
