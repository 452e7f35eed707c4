import type { WebhookDirectory, WebhookDirectoryEntry } from '@carrot-bridge/webhook-directory';

/**
 * Remembers for a few seconds that a key hash is unknown, so a flood of one wrong URL costs no Redis
 * round trip per request. Only misses are cached: a known key is always read fresh, so deactivating or
 * rotating an integration takes effect at once. A key created after it was probed answers 404 for at
 * most `ttlMs` (keys are random and shown only after they are published, so in practice never).
 * Bounded: random keys evict the oldest misses instead of growing the map.
 */
export class MissCachingDirectory implements Pick<WebhookDirectory, 'lookup'> {
  private readonly misses = new Map<string, number>();

  constructor(
    private readonly directory: Pick<WebhookDirectory, 'lookup'>,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(keyHash: string): Promise<WebhookDirectoryEntry | null> {
    const expiresAt = this.misses.get(keyHash);
    if (expiresAt !== undefined) {
      if (expiresAt > this.now()) return null;
      this.misses.delete(keyHash);
    }
    const entry = await this.directory.lookup(keyHash);
    if (entry === null) {
      this.misses.set(keyHash, this.now() + this.ttlMs);
      if (this.misses.size > this.maxEntries) this.misses.delete(this.misses.keys().next().value as string);
    }
    return entry;
  }
}
