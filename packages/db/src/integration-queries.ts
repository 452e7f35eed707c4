import type { Database } from './create-prisma-client';

/**
 * The integration with everything an import needs, in one query: its mappings and its account's
 * «Срок хранения переписки» (an import writes a question past it without personal data).
 */
export async function findIntegrationForImport(db: Database, integrationId: string) {
  return db.carrotQuestIntegration.findUnique({
    where: { id: integrationId },
    include: {
      mappings: { select: { messenger: true, campaignId: true, sourceId: true, siteId: true } },
      account: { select: { retentionDays: true } },
    },
  });
}
export type IntegrationForImport = NonNullable<Awaited<ReturnType<typeof findIntegrationForImport>>>;

/**
 * Records the outcome of using or checking the API key. Setting `invalid` makes the worker stop calling
 * CarrotQuest with that key until the user saves a new one (which resets the status).
 */
export async function setIntegrationKeyStatus(
  db: Database,
  integrationId: string,
  status: 'valid' | 'invalid',
  error: string | null,
): Promise<void> {
  await db.carrotQuestIntegration.update({
    where: { id: integrationId },
    data: { keyStatus: status, keyError: error?.slice(0, 500) ?? null, keyCheckedAt: new Date() },
  });
}

/** Every live integration's webhook directory entry, for the console's start-up sync to Redis. */
export async function listWebhookDirectoryRows(db: Database) {
  return db.carrotQuestIntegration.findMany({
    where: { deletedAt: null },
    select: { id: true, accountId: true, active: true, webhookKeyHash: true, webhookTokenCiphertext: true },
  });
}

/** The account of a live (not deleted) integration; null when there is none. */
export async function findIntegrationAccountId(db: Database, integrationId: string): Promise<string | null> {
  const row = await db.carrotQuestIntegration.findFirst({
    where: { id: integrationId, deletedAt: null },
    select: { accountId: true },
  });
  return row?.accountId ?? null;
}
