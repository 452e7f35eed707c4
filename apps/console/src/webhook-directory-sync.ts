import { listWebhookDirectoryRows, type Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import type {
  WebhookDirectory,
  WebhookDirectoryDigests,
  WebhookDirectoryEntry,
} from '@carrot-bridge/webhook-directory';
import { type SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';

type DirectoryRow = Awaited<ReturnType<typeof listWebhookDirectoryRows>>[number];

/** The entry ingress needs for one integration; the CarrotQuest token travels only as a keyed digest. */
export function toDirectoryEntry(
  row: DirectoryRow,
  secretBox: SecretBox,
  digests: WebhookDirectoryDigests,
): WebhookDirectoryEntry {
  return {
    integrationId: row.id,
    accountId: row.accountId,
    active: row.active,
    tokenHash: row.webhookTokenCiphertext
      ? digests.token(secretBox.decrypt(row.webhookTokenCiphertext, integrationSecretContext(row.id, 'webhook-token')))
      : null,
  };
}

/**
 * Publishes every live integration's webhook key to Redis, replacing what was there, and marks the
 * directory complete: PostgreSQL is the source of truth, Redis a cache ingress reads. Deleted
 * integrations drop out, which revokes their URLs.
 */
export async function syncWebhookDirectory(
  db: Database,
  directory: WebhookDirectory,
  secretBox: SecretBox,
): Promise<number> {
  const rows = await listWebhookDirectoryRows(db);
  await directory.replaceAll(
    new Map(rows.map((row) => [row.webhookKeyHash, toDirectoryEntry(row, secretBox, directory.digests)])),
  );
  return rows.length;
}

export interface WebhookDirectorySyncOptions {
  db: Database;
  directory: WebhookDirectory;
  secretBox: SecretBox;
  logger: Logger;
  /** Full republication, whatever the state (heals anything a check cannot see). */
  fullSyncIntervalMs: number;
  /** How often the completeness marker is checked; a lost directory is republished at once. */
  checkIntervalMs: number;
}

/**
 * Keeps the directory in Redis whole. Until the marker is back after a loss (FLUSHALL, a failover to
 * an empty replica) ingress answers 503 and reports not ready, so the republication must be quick:
 * the marker is checked every `checkIntervalMs` (one HEXISTS) and on every Redis reconnection.
 */
export class WebhookDirectorySync {
  private running: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: WebhookDirectorySyncOptions) {}

  start(): void {
    this.timers.push(setInterval(() => void this.syncNow('periodic'), this.options.fullSyncIntervalMs));
    this.timers.push(setInterval(() => void this.healIfLost(), this.options.checkIntervalMs));
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Republishes unless the directory is complete; errors are logged (Redis or PostgreSQL down). */
  async healIfLost(): Promise<void> {
    try {
      if (await this.options.directory.isComplete()) return;
    } catch {
      return; // Redis unreachable: nothing to heal yet; the next check or reconnection will.
    }
    this.options.logger.warn('webhook directory missing from Redis (flushed or failed over): republishing now');
    await this.syncNow('directory lost');
  }

  /** One full publication at a time; a call during one waits for it. */
  syncNow(reason: string): Promise<void> {
    this.running ??= (async () => {
      try {
        const count = await syncWebhookDirectory(this.options.db, this.options.directory, this.options.secretBox);
        this.options.logger.debug('webhook directory published', { integrations: count, reason });
      } catch (error) {
        this.options.logger.error('webhook directory sync failed', { error: (error as Error).message, reason });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
