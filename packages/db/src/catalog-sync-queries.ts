import { randomBytes } from 'node:crypto';
import { catalogIdSets } from './catalog-queries';
import type { Database } from './create-prisma-client';

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
}

interface EntitySync<TRow extends { comagicId: number }, TStored extends StoredEntry> {
  stored: TStored[];
  rows: readonly TRow[];
  same(stored: TStored, row: TRow): boolean;
  /** Writes the row's fields and clears removedInCabinetAt. */
  update(id: string, row: TRow): Promise<void>;
  /** A new entry (or a hand-made one linked): what happened. */
  create(row: TRow): Promise<Outcome>;
  markRemoved(ids: string[], at: Date): Promise<void>;
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

async function syncEntity<TRow extends { comagicId: number }, TStored extends StoredEntry>(
  spec: EntitySync<TRow, TStored>,
  at: Date,
  initiallySkipped = 0,
): Promise<CatalogSyncCounts> {
  const counts: CatalogSyncCounts = { created: 0, updated: 0, removed: 0, skipped: initiallySkipped };
  const byComagicId = new Map(spec.stored.map((entry) => [entry.comagicId, entry]));
  const seen = new Set<number>();
  for (const row of spec.rows) {
    if (seen.has(row.comagicId)) continue;
    seen.add(row.comagicId);
    const stored = byComagicId.get(row.comagicId);
    const outcome = await orSkipped(async () => {
      if (!stored) return spec.create(row);
      if (stored.removedInCabinetAt === null && spec.same(stored, row)) return 'unchanged';
      await spec.update(stored.id, row);
      return 'updated';
    });
    if (outcome !== 'unchanged') counts[outcome] += 1;
  }
  const gone = spec.stored.filter(
    (entry) => entry.comagicId !== null && !seen.has(entry.comagicId) && entry.removedInCabinetAt === null,
  );
  if (gone.length)
    await spec.markRemoved(
      gone.map((entry) => entry.id),
      at,
    );
  counts.removed = gone.length;
  return counts;
}

const synced = (accountId: string) => ({ where: { accountId, comagicId: { not: null } } });
const removedAt = (ids: string[], at: Date) => ({ where: { id: { in: ids } }, data: { removedInCabinetAt: at } });

/** Public key of the tracking code for a site new from the cabinet (as unique as the ones typed in). */
function generateSiteKey(): string {
  return randomBytes(12).toString('base64url');
}

export async function syncCabinetSites(db: Database, accountId: string, rows: readonly CabinetSiteRow[], at: Date) {
  return syncEntity(
    {
      stored: await db.site.findMany(synced(accountId)),
      rows,
      same: (stored, row) => stored.domain === row.domain,
      update: async (id, row) => {
        await db.site.update({ where: { id }, data: { domain: row.domain, removedInCabinetAt: null } });
      },
      create: async (row) => {
        const linked = await db.site.updateMany({
          where: { accountId, domain: row.domain, comagicId: null },
          data: { comagicId: row.comagicId, removedInCabinetAt: null },
        });
        if (linked.count > 0) return 'updated';
        await db.site.create({
          data: { accountId, comagicId: row.comagicId, domain: row.domain, siteKey: generateSiteKey() },
        });
        return 'created';
      },
      markRemoved: async (ids, removed) => void (await db.site.updateMany(removedAt(ids, removed))),
    },
    at,
  );
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
  const stored = (await db.campaign.findMany(synced(accountId))).filter(
    (entry) => entry.comagicId === null || !unplaced.has(entry.comagicId),
  );
  return syncEntity(
    {
      stored,
      rows: placed,
      same: (entry, row) => entry.name === row.name && entry.siteId === row.siteId,
      update: async (id, row) => {
        await db.campaign.update({
          where: { id },
          data: { name: row.name, siteId: row.siteId, removedInCabinetAt: null },
        });
      },
      create: async (row) => {
        await db.campaign.create({
          data: { accountId, comagicId: row.comagicId, name: row.name, siteId: row.siteId },
        });
        return 'created';
      },
      markRemoved: async (ids, removed) => void (await db.campaign.updateMany(removedAt(ids, removed))),
    },
    at,
    unplaced.size,
  );
}

export async function syncCabinetSources(db: Database, accountId: string, rows: readonly CabinetSourceRow[], at: Date) {
  return syncEntity(
    {
      stored: await db.source.findMany(synced(accountId)),
      rows,
      same: (stored, row) => stored.name === row.name && stored.group === row.group && stored.channel === row.channel,
      update: async (id, row) => {
        const { name, group, channel } = row;
        await db.source.update({ where: { id }, data: { name, group, channel, removedInCabinetAt: null } });
      },
      create: async (row) => {
        const { comagicId, name, group, channel } = row;
        const linked = await db.source.updateMany({
          where: { accountId, group, name, comagicId: null },
          data: { comagicId, channel, removedInCabinetAt: null },
        });
        if (linked.count > 0) return 'updated';
        await db.source.create({ data: { accountId, comagicId, name, group, channel } });
        return 'created';
      },
      markRemoved: async (ids, removed) => void (await db.source.updateMany(removedAt(ids, removed))),
    },
    at,
  );
}

export async function syncCabinetEmployees(
  db: Database,
  accountId: string,
  rows: readonly CabinetEmployeeRow[],
  at: Date,
) {
  return syncEntity(
    {
      stored: await db.employee.findMany(synced(accountId)),
      rows,
      same: (stored, row) => stored.name === row.name && stored.email === row.email,
      update: async (id, row) => {
        await db.employee.update({
          where: { id },
          data: { name: row.name, email: row.email, removedInCabinetAt: null },
        });
      },
      create: async (row) => {
        await db.employee.create({ data: { accountId, comagicId: row.comagicId, name: row.name, email: row.email } });
        return 'created';
      },
      markRemoved: async (ids, removed) => void (await db.employee.updateMany(removedAt(ids, removed))),
    },
    at,
  );
}

export async function syncCabinetTags(db: Database, accountId: string, rows: readonly CabinetTagRow[], at: Date) {
  return syncEntity(
    {
      stored: await db.tag.findMany(synced(accountId)),
      rows,
      same: (stored, row) => stored.name === row.name,
      update: async (id, row) => {
        await db.tag.update({ where: { id }, data: { name: row.name, removedInCabinetAt: null } });
      },
      create: async (row) => {
        const linked = await db.tag.updateMany({
          where: { accountId, name: row.name, comagicId: null },
          data: { comagicId: row.comagicId, removedInCabinetAt: null },
        });
        if (linked.count > 0) return 'updated';
        await db.tag.create({ data: { accountId, comagicId: row.comagicId, name: row.name } });
        return 'created';
      },
      markRemoved: async (ids, removed) => void (await db.tag.updateMany(removedAt(ids, removed))),
    },
    at,
  );
}

/** The ids of the account's catalog entries the cabinet no longer lists, per catalog (the page greys them out). */
export async function removedCatalogIds(db: Database, accountId: string) {
  return catalogIdSets(db, accountId, 'removed-in-cabinet');
}
