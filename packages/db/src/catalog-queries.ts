import type { Database } from './create-prisma-client';

/** The catalogs of an account the settings form picks from, each with its own path segment. */
export const CATALOG_KINDS = ['sites', 'campaigns', 'sources', 'employees', 'tags'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export interface SiteInput {
  domain: string;
  siteKey: string;
  comagicId: number | null;
}
export interface CampaignInput {
  siteId: string;
  name: string;
  isSystem: boolean;
  comagicId: number | null;
}
export interface SourceInput {
  name: string;
  group: string;
  channel: string;
  comagicId: number | null;
}
export interface EmployeeInput {
  name: string;
  email?: string | null | undefined;
  comagicId: number | null;
}
export interface TagInput {
  name: string;
  comagicId: number | null;
}

/** Every catalog of the account, each sorted by what the form shows. */
export async function listCatalogOfAccount(db: Database, accountId: string) {
  const where = { where: { accountId } };
  const [sites, campaigns, sources, employees, tags] = await Promise.all([
    db.site.findMany({
      ...where,
      orderBy: { domain: 'asc' },
      select: { id: true, domain: true, siteKey: true, comagicId: true },
    }),
    db.campaign.findMany({
      ...where,
      orderBy: { name: 'asc' },
      select: { id: true, siteId: true, name: true, isSystem: true, comagicId: true },
    }),
    db.source.findMany({
      ...where,
      orderBy: { name: 'asc' },
      select: { id: true, name: true, group: true, channel: true, comagicId: true },
    }),
    db.employee.findMany({
      ...where,
      orderBy: { name: 'asc' },
      select: { id: true, name: true, email: true, comagicId: true },
    }),
    db.tag.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, comagicId: true } }),
  ]);
  return { sites, campaigns, sources, employees, tags };
}

/** The ids of the account's entries in each catalog, all of them or only those the cabinet no longer lists. */
export async function catalogIdSets(
  db: Database,
  accountId: string,
  which: 'all' | 'removed-in-cabinet',
): Promise<Record<CatalogKind, Set<string>>> {
  const where = {
    where: { accountId, ...(which === 'removed-in-cabinet' ? { removedInCabinetAt: { not: null } } : {}) },
    select: { id: true },
  };
  const [sites, campaigns, sources, employees, tags] = await Promise.all([
    db.site.findMany(where),
    db.campaign.findMany(where),
    db.source.findMany(where),
    db.employee.findMany(where),
    db.tag.findMany(where),
  ]);
  const ids = (rows: Array<{ id: string }>) => new Set(rows.map((row) => row.id));
  return {
    sites: ids(sites),
    campaigns: ids(campaigns),
    sources: ids(sources),
    employees: ids(employees),
    tags: ids(tags),
  };
}

export async function createSite(db: Database, accountId: string, input: SiteInput) {
  return db.site.create({ data: { ...input, accountId } });
}

/**
 * A campaign of one of the account's sites; null when the site is not the account's (another
 * account's site would fail the composite foreign key, which says nothing useful).
 */
export async function createCampaign(db: Database, accountId: string, input: CampaignInput) {
  if ((await db.site.count({ where: { id: input.siteId, accountId } })) === 0) return null;
  return db.campaign.create({ data: { ...input, accountId } });
}

export async function createSource(db: Database, accountId: string, input: SourceInput) {
  return db.source.create({ data: { ...input, accountId } });
}

export async function createEmployee(db: Database, accountId: string, input: EmployeeInput) {
  return db.employee.create({
    data: { name: input.name, email: input.email ?? null, comagicId: input.comagicId, accountId },
  });
}

export async function createTag(db: Database, accountId: string, input: TagInput) {
  return db.tag.create({ data: { ...input, accountId } });
}

type ComagicIdUpdate = { where: { id: string; accountId: string }; data: { comagicId: number | null } };
const UPDATE_COMAGIC_ID: Record<CatalogKind, (db: Database, args: ComagicIdUpdate) => Promise<{ count: number }>> = {
  sites: (db, args) => db.site.updateMany(args),
  campaigns: (db, args) => db.campaign.updateMany(args),
  sources: (db, args) => db.source.updateMany(args),
  employees: (db, args) => db.employee.updateMany(args),
  tags: (db, args) => db.tag.updateMany(args),
};

/** Maps one catalog entity to the customer's CoMagic / UIS id; false when the account has no such entity. */
export async function setCatalogComagicId(
  db: Database,
  accountId: string,
  kind: CatalogKind,
  id: string,
  comagicId: number | null,
): Promise<boolean> {
  const { count } = await UPDATE_COMAGIC_ID[kind](db, { where: { id, accountId }, data: { comagicId } });
  return count > 0;
}
