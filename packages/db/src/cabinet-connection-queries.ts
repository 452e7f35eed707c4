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

/** Which Data API components answered the last probe (true: the method answered). */
export interface CabinetComponentsCheck {
  dataApi: boolean;
  uploadChats: boolean;
  sessionsReport: boolean;
  catalog: boolean;
}

/** Stores the components probe of «Проверить токен» or a connect; nothing when the connection was removed meanwhile. */
export async function recordCabinetComponentsCheck(
  db: Database,
  accountId: string,
  components: CabinetComponentsCheck,
  at: Date = new Date(),
): Promise<void> {
  const { dataApi, uploadChats, sessionsReport, catalog } = components;
  await db.cabinetConnection.updateMany({
    where: { accountId },
    data: { componentsCheck: { dataApi, uploadChats, sessionsReport, catalog }, componentsCheckedAt: at },
  });
}

/** The stored probe, read back; null when never probed or stored in another shape. */
export function cabinetComponentsOf(row: { componentsCheck: unknown } | null): CabinetComponentsCheck | null {
  const stored = row?.componentsCheck;
  if (!stored || typeof stored !== 'object') return null;
  const flags = stored as Record<string, unknown>;
  const keys = ['dataApi', 'uploadChats', 'sessionsReport', 'catalog'] as const;
  if (!keys.every((key) => typeof flags[key] === 'boolean')) return null;
  return {
    dataApi: flags.dataApi as boolean,
    uploadChats: flags.uploadChats as boolean,
    sessionsReport: flags.sessionsReport as boolean,
    catalog: flags.catalog as boolean,
  };
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
