import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * What ingress needs to answer a webhook, published to Redis by the console whenever an integration
 * changes (and in full at console start-up). Ingress then needs only Redis at request time and keeps
 * answering correctly while PostgreSQL is down. Entries are keyed by the SHA-256 of the webhook key:
 * Redis never holds a usable URL, and the lookup cannot be steered byte by byte by an attacker.
 */
export const webhookDirectoryEntrySchema = z.object({
  integrationId: z.uuid(),
  accountId: z.uuid(),
  active: z.boolean(),
  /** SHA-256 of CarrotQuest's webhook `token` when the user configured one. */
  tokenHash: z.string().nullable(),
});
export type WebhookDirectoryEntry = z.infer<typeof webhookDirectoryEntrySchema>;

export class WebhookDirectory {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix = 'cb',
  ) {
    this.key = `${prefix}:webhook-keys`;
  }

  async lookup(keyHash: string): Promise<WebhookDirectoryEntry | null> {
    const raw = await this.redis.hget(this.key, keyHash);
    if (raw === null) return null;
    const parsed = webhookDirectoryEntrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async publish(keyHash: string, entry: WebhookDirectoryEntry): Promise<void> {
    await this.redis.hset(this.key, keyHash, JSON.stringify(webhookDirectoryEntrySchema.parse(entry)));
  }

  async revoke(keyHash: string): Promise<void> {
    await this.redis.hdel(this.key, keyHash);
  }

  /** Replaces the whole directory atomically (start-up sync from PostgreSQL, the source of truth). */
  async replaceAll(entries: ReadonlyMap<string, WebhookDirectoryEntry>): Promise<void> {
    const tx = this.redis.multi().del(this.key);
    if (entries.size > 0) {
      tx.hset(this.key, Object.fromEntries([...entries].map(([hash, entry]) => [hash, JSON.stringify(webhookDirectoryEntrySchema.parse(entry))])));
    }
    await tx.exec();
  }

  async size(): Promise<number> {
    return this.redis.hlen(this.key);
  }
}
