import { randomBytes } from 'node:crypto';
import { catalogIdSets } from './catalog-queries';
import type { Database } from './create-prisma-client';
import type { Prisma } from './generated/prisma/client';

// The catalog sync's writes: the cabinet's sites, campaigns, sources, employees and tags upserted by
// (accountId, comagicId). Entries the cabinet no longer lists get removedInCabinetAt and are kept (chats
// point at them); entries it lists again are cleared; hand-made entries (comagicId null) are never
// renamed nor marked. A cabinet entry whose natural key (a site's domain, a source's group and name, a
// tag's name) is taken by a hand-made entry links that entry (it gets the CoMagic id) instead of failing.

/** What one entity's sync did; `skipped` counts cabinet entries that could not be stored (and why is logged). */
export type CatalogSyncCounts = {
  created: number;
  updated: number;
  removed: number;
  skipped: number;
};

export interface CabinetSiteRow {
  comagicId: number;
  domain: string;
}
export interface CabinetCampaignRow {
  comagicId: number;
  name: string;
  /** The cabinet's site id: a campaign whose site is not in our catalog is skipped. */
  siteComagicId: number | null;
}
export interface CabinetSourceRow {
  comagicId: number;
  name: string;
  group: string;
  channel: string;
}
export interface CabinetEmployeeRow {
  comagicId: number;
  name: string;
  email: string | null;
}
export interface CabinetTagRow {
  comagicId: number;
  name: string;
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped';
interface StoredEntry {
  id: string;
  comagicId: number | null;
  removedInCabinetAt: Date | null;
  [field: string]: unknown;
}

/** What the sync reads and writes of every catalog table (a Prisma delegate, narrowed in catalogTable). */
interface CatalogTable {
  findMany(args: { where: object }): Promise<StoredEntry[]>;
  update(args: { where: { id: string }; data: object }): Promise<unknown>;
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
  create(args: { data: object }): Promise<unknown>;
}

/** How one catalog table takes the cabinet's rows. */
interface CatalogTableSync<TRow extends { comagicId: number }> {
  /** The fields the cabinet's row sets on our entry; an entry that holds them all already is unchanged. */
  fields(row: TRow): object;
  /** The entry's natural key, where it has one: a hand-made entry with it is linked, not duplicated. */
  naturalKey?(row: TRow): object;
  /** What else a new entry needs. */
  newEntry?(): object;
  /** Cabinet ids left out of the rows (counted as skipped): their entries are neither updated nor marked removed. */
  unplaced?: ReadonlySet<number>;
}

/** A cabinet entry that would break a unique key (two cabinet sites of one domain): skipped, the rest goes on. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'P2002' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505';
}

async function orSkipped(write: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return 'skipped';
    throw error;
  }
}

/** Whether the entry already holds every field the cabinet's row sets (the fields are plain values). */
function holdsFields(stored: StoredEntry, fields: object): boolean {
  return Object.entries(fields).every(([field, value]) => stored[field] === value);
}

/**
 * One table's sync: the account's entries from the cabinet are read, each row is upserted by CoMagic id,
 * and the entries the rows no longer list are marked removed.
 */
async function syncCatalogTable<TRow extends { comagicId: number }>(
  table: CatalogTable,
  accountId: string,
  rows: readonly TRow[],
  at: Date,
  sync: CatalogTableSync<TRow>,
): Promise<CatalogSyncCounts> {
  const { unplaced } = sync;
  const stored = (await table.findMany(synced(accountId))).filter(
    (entry) => entry.comagicId === null || !unplaced?.has(entry.comagicId),
  );
  const counts: CatalogSyncCounts = { created: 0, updated: 0, removed: 0, skipped: unplaced?.size ?? 0 };
  const byComagicId = new Map(stored.map((entry) => [entry.comagicId, entry]));
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.comagicId)) continue;
    seen.add(row.comagicId);
    const entry = byComagicId.get(row.comagicId);
    const outcome = await orSkipped(async () => {
      if (!entry) return createEntry(table, accountId, sync, row);
      const fields = sync.fields(row);
      if (entry.removedInCabinetAt === null && holdsFields(entry, fields)) return 'unchanged';
      await table.update({ where: { id: entry.id }, data: { ...fields, removedInCabinetAt: null } });
      return 'updated';
    });
    if (outcome !== 'unchanged') counts[outcome] += 1;
  }
  const gone = stored.filter(
    (entry) => entry.comagicId !== null && !seen.has(entry.comagicId) && entry.removedInCabinetAt === null,
  );
  const ids = gone.map((entry) => entry.id);
  if (ids.length) await table.updateMany({ where: { id: { in: ids } }, data: { removedInCabinetAt: at } });
  counts.removed = gone.length;
  return counts;
}

/** A row new to our catalog: a hand-made entry of its natural key is linked (it gets the CoMagic id), else one is created. */
async function createEntry<TRow extends { comagicId: number }>(
  table: CatalogTable,
  accountId: string,
  sync: CatalogTableSync<TRow>,
  row: TRow,
): Promise<Outcome> {
  if (sync.naturalKey) {
    const linked = await table.updateMany({
      where: { accountId, ...sync.naturalKey(row), comagicId: null },
      data: { ...sync.fields(row), comagicId: row.comagicId, removedInCabinetAt: null },
    });
    if (linked.count > 0) return 'updated';
  }
  await table.create({ data: { accountId, comagicId: row.comagicId, ...sync.fields(row), ...sync.newEntry?.() } });
  return 'created';
}

/** A Prisma delegate of a catalog table as the sync reads and writes it (see CatalogTable). */
const catalogTable = (delegate: unknown) => delegate as CatalogTable;
const synced = (accountId: string) => ({ where: { accountId, comagicId: { not: null } } });

/** Public key of the tracking code for a site new from the cabinet (as unique as the ones typed in). */
function generateSiteKey(): string {
  return randomBytes(12).toString('base64url');
}

export async function syncCabinetSites(db: Database, accountId: string, rows: readonly CabinetSiteRow[], at: Date) {
  return syncCatalogTable(catalogTable(db.site), accountId, rows, at, {
    fields: (row): Prisma.SiteUncheckedUpdateInput => ({ domain: row.domain }),
    naturalKey: (row): Prisma.SiteWhereInput => ({ domain: row.domain }),
    newEntry: (): Pick<Prisma.SiteUncheckedCreateInput, 'siteKey'> => ({ siteKey: generateSiteKey() }),
  });
}

/** Campaigns after sites: each is put on the site of our catalog with its cabinet site's id. */
export async function syncCabinetCampaigns(
  db: Database,
  accountId: string,
  rows: readonly CabinetCampaignRow[],
  at: Date,
) {
  const sites = await db.site.findMany({ ...synced(accountId), select: { id: true, comagicId: true } });
  const siteIdOf = new Map(sites.map((site) => [site.comagicId, site.id]));
  const placed = rows.flatMap((row) => {
    const siteId = row.siteComagicId === null ? undefined : siteIdOf.get(row.siteComagicId);
    return siteId ? [{ ...row, siteId }] : [];
  });
  // A campaign of an unknown site is neither stored nor marked removed: the cabinet still has it.
  const placedIds = new Set(placed.map((row) => row.comagicId));
  const unplaced = new Set(rows.filter((row) => !placedIds.has(row.comagicId)).map((row) => row.comagicId));
  return syncCatalogTable(catalogTable(db.campaign), accountId, placed, at, {
    fields: (row): Prisma.CampaignUncheckedUpdateInput => ({ name: row.name, siteId: row.siteId }),
    unplaced,
  });
}

export async function syncCabinetSources(db: Database, accountId: string, rows: readonly CabinetSourceRow[], at: Date) {
  return syncCatalogTable(catalogTable(db.source), accountId, rows, at, {
    fields: ({ name, group, channel }): Prisma.SourceUncheckedUpdateInput => ({ name, group, channel }),
    naturalKey: ({ name, group }): Prisma.SourceWhereInput => ({ group, name }),
  });
}

export async function syncCabinetEmployees(
  db: Database,
  accountId: string,
  rows: readonly CabinetEmployeeRow[],
  at: Date,
) {
  return syncCatalogTable(catalogTable(db.employee), accountId, rows, at, {
    fields: (row): Prisma.EmployeeUncheckedUpdateInput => ({ name: row.name, email: row.email }),
  });
}

export async function syncCabinetTags(db: Database, accountId: string, rows: readonly CabinetTagRow[], at: Date) {
  return syncCatalogTable(catalogTable(db.tag), accountId, rows, at, {
    fields: (row): Prisma.TagUncheckedUpdateInput => ({ name: row.name }),
    naturalKey: (row): Prisma.TagWhereInput => ({ name: row.name }),
  });
}

/** The ids of the account's catalog entries the cabinet no longer lists, per catalog (the page greys them out). */
export async function removedCatalogIds(db: Database, accountId: string) {
  return catalogIdSets(db, accountId, 'removed-in-cabinet');
}
