import type { Database } from './create-prisma-client';
import type { ExportBrand } from './generated/prisma/enums';
import type { CatalogSyncCounts } from './catalog-sync-queries';

/** What the console stores when an account is connected to its CoMagic / UIS cabinet (get.account's answer). */
export interface CabinetConnectionColumns {
  brand: ExportBrand;
  tokenCiphertext: string;
  tokenLast4: string;
  cabinetAppId: number;
  cabinetName: string;
  timeZone: string;
}

/** What the last catalog sync did, per entity, or why it failed. */
export interface CatalogSyncRecord {
  syncedAt: Date;
  /** Per entity; null on a failed run (the last good run's counts stay). */
  counts: Record<string, CatalogSyncCounts> | null;
  error: string | null;
}

export async function findCabinetConnection(db: Database, accountId: string) {
  return db.cabinetConnection.findUnique({ where: { accountId } });
}

/**
 * Connects the account, or replaces the token of its connection (the same cabinet, checked by the
 * caller): the last sync's record stays until the next sync writes its own.
 */
export async function saveCabinetConnection(db: Database, accountId: string, columns: CabinetConnectionColumns) {
  return db.cabinetConnection.upsert({
    where: { accountId },
    create: { accountId, ...columns },
    update: columns,
  });
}

/** False when the account was not connected. The synced catalog stays: chats point at it. */
export async function deleteCabinetConnection(db: Database, accountId: string): Promise<boolean> {
  const { count } = await db.cabinetConnection.deleteMany({ where: { accountId } });
  return count > 0;
}

/** Records a finished or failed sync; nothing when the connection was removed meanwhile. */
export async function recordCatalogSync(db: Database, accountId: string, record: CatalogSyncRecord): Promise<void> {
  await db.cabinetConnection.updateMany({
    where: { accountId },
    data: {
      catalogSyncedAt: record.syncedAt,
      ...(record.counts ? { catalogSyncCounts: record.counts } : {}),
      catalogSyncError: record.error,
    },
  });
}

/** The accounts the daily catalog sync visits. */
export async function listConnectedAccountIds(db: Database): Promise<string[]> {
  const rows = await db.cabinetConnection.findMany({ select: { accountId: true }, orderBy: { accountId: 'asc' } });
  return rows.map((row) => row.accountId);
}

/** The export tokens stored on the account's integrations, each with its brand (to ask get.account which cabinet they answer for). */
export async function listExportTokensOfAccount(db: Database, accountId: string) {
  const rows = await db.carrotQuestIntegration.findMany({
    where: { accountId, deletedAt: null, exportTokenCiphertext: { not: null }, exportBrand: { not: null } },
    select: { id: true, name: true, exportBrand: true, exportTokenCiphertext: true },
  });
  return rows.flatMap((row) =>
    row.exportBrand && row.exportTokenCiphertext
      ? [{ id: row.id, name: row.name, brand: row.exportBrand, tokenCiphertext: row.exportTokenCiphertext }]
      : [],
  );
}
