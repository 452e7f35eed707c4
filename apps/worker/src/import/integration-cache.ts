import { findIntegrationForImport, type Database, type IntegrationForImport } from '@carrot-bridge/db';

/**
 * The integrations' settings, read at most once per `ttlMs` per worker process: a burst of chats for
 * one account then costs one settings query instead of one per chat (the profile's largest single
 * ORM cost per job). A settings change reaches running workers within `ttlMs`. Only usable settings
 * (active, not deleted, key not rejected) are kept: a job is never skipped or failed on a stale copy,
 * so saving a new key or re-activating takes effect at once. `ttlMs` = 0 reads every time.
 */
export class IntegrationCache {
  private readonly entries = new Map<string, { value: IntegrationForImport | null; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(integrationId: string): Promise<IntegrationForImport | null> {
    const cached = this.entries.get(integrationId);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = await findIntegrationForImport(this.db, integrationId);
    const usable = value !== null && value.active && !value.deletedAt && value.keyStatus !== 'invalid';
    if (this.ttlMs > 0 && usable) {
      this.entries.delete(integrationId);
      this.entries.set(integrationId, { value, expiresAt: this.now() + this.ttlMs });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  forget(integrationId: string): void {
    this.entries.delete(integrationId);
  }
}
