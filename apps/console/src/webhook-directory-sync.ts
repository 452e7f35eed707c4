import { listWebhookDirectoryRows, type Database } from '@carrot-bridge/db';
import type { WebhookDirectory, WebhookDirectoryEntry } from '@carrot-bridge/queue';
import { hashSecret, type SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';

type DirectoryRow = Awaited<ReturnType<typeof listWebhookDirectoryRows>>[number];

/** The entry ingress needs for one integration; the CarrotQuest token travels only as a hash. */
export function toDirectoryEntry(row: DirectoryRow, secretBox: SecretBox): WebhookDirectoryEntry {
  return {
    integrationId: row.id,
    accountId: row.accountId,
    active: row.active,
    tokenHash: row.webhookTokenCiphertext ? hashSecret(secretBox.decrypt(row.webhookTokenCiphertext, integrationSecretContext(row.id, 'webhook-token'))) : null,
  };
}

/**
 * Publishes every live integration's webhook key to Redis, replacing what was there: PostgreSQL is the
 * source of truth, Redis a cache ingress reads. Run at console start-up and periodically, so a
 * flushed or restored Redis heals itself. Deleted integrations drop out, which revokes their URLs.
 */
export async function syncWebhookDirectory(db: Database, directory: WebhookDirectory, secretBox: SecretBox): Promise<number> {
  const rows = await listWebhookDirectoryRows(db);
  await directory.replaceAll(new Map(rows.map((row) => [row.webhookKeyHash, toDirectoryEntry(row, secretBox)])));
  return rows.length;
}
