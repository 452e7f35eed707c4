import { catalogIdSets } from './catalog-queries';
import type { Database } from './create-prisma-client';
import type { Prisma } from './generated/prisma/client';

// The console's reads and writes of an integration's settings. Account-scoped: an id of another account
// finds nothing. Each write that touches mappings is one transaction.

const WITH_MAPPINGS = {
  mappings: {
    select: { messenger: true, campaignId: true, sourceId: true, siteId: true },
    orderBy: { messenger: 'asc' as const },
  },
};

export type IntegrationSettingsRow = Prisma.CarrotQuestIntegrationGetPayload<{ include: typeof WITH_MAPPINGS }>;
export type MappingRow = Prisma.MessengerMappingUncheckedCreateInput;
type IntegrationColumns = Omit<Prisma.CarrotQuestIntegrationUncheckedCreateInput, 'mappings' | 'chats' | 'catchUp'>;

export async function listIntegrationsOfAccount(db: Database, accountId: string): Promise<IntegrationSettingsRow[]> {
  return db.carrotQuestIntegration.findMany({
    where: { accountId, deletedAt: null },
    include: WITH_MAPPINGS,
    orderBy: { createdAt: 'asc' },
  });
}

export async function findIntegrationOfAccount(
  db: Database,
  accountId: string,
  id: string,
): Promise<IntegrationSettingsRow | null> {
  return db.carrotQuestIntegration.findFirst({ where: { id, accountId, deletedAt: null }, include: WITH_MAPPINGS });
}

export async function insertIntegrationWithMappings(
  db: Database,
  columns: IntegrationColumns & { id: string },
  mappings: MappingRow[],
): Promise<IntegrationSettingsRow> {
  return db.$transaction(async (tx) => {
    await tx.carrotQuestIntegration.create({ data: columns });
    await tx.messengerMapping.createMany({ data: mappings });
    return tx.carrotQuestIntegration.findUniqueOrThrow({ where: { id: columns.id }, include: WITH_MAPPINGS });
  });
}

/** The settings and, replacing the old ones, the mappings. */
export async function updateIntegrationSettings(
  db: Database,
  id: string,
  columns: Prisma.CarrotQuestIntegrationUncheckedUpdateInput,
  mappings: MappingRow[],
): Promise<IntegrationSettingsRow> {
  return db.$transaction(async (tx) => {
    await tx.messengerMapping.deleteMany({ where: { integrationId: id } });
    await tx.messengerMapping.createMany({ data: mappings });
    return tx.carrotQuestIntegration.update({ where: { id }, data: columns, include: WITH_MAPPINGS });
  });
}

/** A change of a few columns (active, webhook key, deletion). */
export async function updateIntegrationColumns(
  db: Database,
  id: string,
  columns: Prisma.CarrotQuestIntegrationUncheckedUpdateInput,
): Promise<IntegrationSettingsRow> {
  return db.carrotQuestIntegration.update({ where: { id }, data: columns, include: WITH_MAPPINGS });
}

/** The ids of the account's catalog, for settings validation. */
export async function accountCatalogIds(db: Database, accountId: string) {
  const ids = await catalogIdSets(db, accountId, 'all');
  return {
    campaignIds: ids.campaigns,
    sourceIds: ids.sources,
    siteIds: ids.sites,
    employeeIds: ids.employees,
    tagIds: ids.tags,
  };
}

/** How many arrived since the start of the UTC day, and in the last 7 days. */
export interface PeriodCounts {
  today: number;
  last7Days: number;
}

/**
 * The status panel's counts: chats (a chat is one question of a conversation) and the conversations they
 * belong to, by when the chat STARTED — since the start of the UTC day and in the last 7 days — so a
 * backfill of last year does not count as today's; and, apart, the chats imported since the start of the
 * day whenever they started. Range reads of the (integrationId, startedAt) and (integrationId, createdAt)
 * indexes; both columns are stored as UTC without a zone, so the bounds are passed as UTC wall times.
 */
export async function chatCountsOfIntegration(
  db: Database,
  integrationId: string,
  now = Date.now(),
): Promise<{ chats: PeriodCounts; conversations: PeriodCounts; importedToday: number }> {
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const day = startOfDay.toISOString();
  const week = new Date(now - 7 * 24 * 60 * 60 * 1000).toISOString();
  const [[row], [imported]] = await Promise.all([
    db.$queryRaw<Array<{ chatsToday: number; chats7: number; conversationsToday: number; conversations7: number }>>`
      SELECT count(*) FILTER (WHERE "startedAt" >= ${day}::timestamp)::int AS "chatsToday",
             count(*)::int AS "chats7",
             count(DISTINCT "conversationId") FILTER (WHERE "startedAt" >= ${day}::timestamp)::int AS "conversationsToday",
             count(DISTINCT "conversationId")::int AS "conversations7"
        FROM "Chat"
       WHERE "integrationId" = ${integrationId}::uuid
         AND "startedAt" >= ${week}::timestamp`,
    db.$queryRaw<Array<{ count: number }>>`
      SELECT count(*)::int AS "count" FROM "Chat"
       WHERE "integrationId" = ${integrationId}::uuid AND "createdAt" >= ${day}::timestamp`,
  ]);
  return {
    chats: { today: row?.chatsToday ?? 0, last7Days: row?.chats7 ?? 0 },
    conversations: { today: row?.conversationsToday ?? 0, last7Days: row?.conversations7 ?? 0 },
    importedToday: imported?.count ?? 0,
  };
}
