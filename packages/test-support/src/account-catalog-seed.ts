import { randomUUID } from 'node:crypto';
import type { Database } from '@carrot-bridge/db';

/** What CoMagic calls the campaign every site has for visitors who came without one. */
const SYSTEM_CAMPAIGN_NAME = 'Посетители без рекламной кампании';

/** A site; it gets its system campaign too (`systemCampaignId` names it when a test needs the id up front). */
export interface SiteSeed {
  id?: string;
  domain: string;
  comagicId?: number;
  systemCampaignId?: string;
}
/** A campaign besides the system ones, on the site at `site` (an index into `sites`, the first by default). */
export interface CampaignSeed {
  id?: string;
  name: string;
  site?: number;
  comagicId?: number;
}
export interface SourceSeed {
  id?: string;
  name: string;
  group?: string;
  channel?: string;
  comagicId?: number;
}
export interface NamedSeed {
  id?: string;
  name: string;
  comagicId?: number;
}

/** What a test changes of the standard account; a list given replaces that whole catalog. */
export interface AccountCatalogOptions {
  id?: string;
  name?: string;
  sites?: SiteSeed[];
  campaigns?: CampaignSeed[];
  sources?: SourceSeed[];
  employees?: NamedSeed[];
  tags?: NamedSeed[];
}

/** The standard catalog: what an integration needs for either traffic type, and a tag to mark chats with. */
const STANDARD_CATALOG: Readonly<Required<Omit<AccountCatalogOptions, 'id' | 'name'>>> = {
  sites: [{ domain: 'shop.example.ru' }],
  campaigns: [],
  sources: [{ name: 'Direct', group: 'Прямые', channel: 'Бесплатный' }],
  employees: [{ name: 'Алексей' }],
  tags: [{ name: 'CarrotQuest' }],
};

/** The ids of what was seeded, each list in the order given; `siteId` and the like are the first of theirs. */
export class AccountCatalog {
  constructor(
    readonly accountId: string,
    readonly siteIds: readonly string[],
    /** The system campaign of each site, in the order of `siteIds`. */
    readonly systemCampaignIds: readonly string[],
    readonly campaignIds: readonly string[],
    readonly sourceIds: readonly string[],
    readonly employeeIds: readonly string[],
    readonly tagIds: readonly string[],
  ) {}

  get siteId(): string {
    return first(this.siteIds, 'site');
  }
  get systemCampaignId(): string {
    return first(this.systemCampaignIds, 'site');
  }
  get sourceId(): string {
    return first(this.sourceIds, 'source');
  }
  get employeeId(): string {
    return first(this.employeeIds, 'employee');
  }
  get tagId(): string {
    return first(this.tagIds, 'tag');
  }

  /** An integration's settings that attribute by source to the first site, source and employee. */
  sourceTrafficDefaults() {
    return {
      trafficType: 'source' as const,
      defaultSourceId: this.sourceId,
      defaultSiteId: this.siteId,
      defaultEmployeeId: this.employeeId,
    };
  }
}

function first(ids: readonly string[], what: string): string {
  const id = ids[0];
  if (id === undefined) throw new Error(`the seeded account has no ${what}`);
  return id;
}

/**
 * The one account-and-catalog seed for tests: an account with the standard catalog (a site with its
 * system campaign, the source "Direct", an employee, a tag), or what `options` says instead. Rows are
 * written as the console's catalog routes would (site keys unique, every campaign on one of the
 * account's sites), so a test's assertions are about the code under test, not about its fixture.
 */
export async function seedAccountCatalog(db: Database, options: AccountCatalogOptions = {}): Promise<AccountCatalog> {
  const accountId = options.id ?? randomUUID();
  const sites = (options.sites ?? STANDARD_CATALOG.sites).map((s) => ({
    ...s,
    id: s.id ?? randomUUID(),
    systemCampaignId: s.systemCampaignId ?? randomUUID(),
  }));
  const campaigns = (options.campaigns ?? STANDARD_CATALOG.campaigns).map((c) => {
    const site = sites[c.site ?? 0];
    if (!site) throw new Error(`campaign "${c.name}" is on site #${c.site ?? 0}, which the seed does not have`);
    return { id: c.id ?? randomUUID(), accountId, siteId: site.id, name: c.name, comagicId: c.comagicId ?? null };
  });
  const sources = (options.sources ?? STANDARD_CATALOG.sources).map((s) => ({
    id: s.id ?? randomUUID(),
    accountId,
    name: s.name,
    group: s.group ?? 'Прямые',
    channel: s.channel ?? 'Бесплатный',
    comagicId: s.comagicId ?? null,
  }));
  const named = (seeds: readonly NamedSeed[]) =>
    seeds.map((s) => ({ id: s.id ?? randomUUID(), accountId, name: s.name, comagicId: s.comagicId ?? null }));
  const employees = named(options.employees ?? STANDARD_CATALOG.employees);
  const tags = named(options.tags ?? STANDARD_CATALOG.tags);

  await db.account.create({ data: { id: accountId, name: options.name ?? 'Тестовый аккаунт' } });
  await db.site.createMany({
    data: sites.map((s) => ({
      id: s.id,
      accountId,
      domain: s.domain,
      siteKey: `site-${s.id}`,
      comagicId: s.comagicId ?? null,
    })),
  });
  await db.campaign.createMany({
    data: [
      ...sites.map((s) => ({
        id: s.systemCampaignId,
        accountId,
        siteId: s.id,
        name: SYSTEM_CAMPAIGN_NAME,
        isSystem: true,
      })),
      ...campaigns,
    ],
  });
  await db.source.createMany({ data: sources });
  await db.employee.createMany({ data: employees });
  await db.tag.createMany({ data: tags });
  return new AccountCatalog(
    accountId,
    sites.map((s) => s.id),
    sites.map((s) => s.systemCampaignId),
    campaigns.map((c) => c.id),
    sources.map((s) => s.id),
    employees.map((e) => e.id),
    tags.map((t) => t.id),
  );
}

/** An account with an empty catalog (another account for isolation checks, or one a test fills itself). */
export async function seedAccount(db: Database, options: { id?: string; name?: string } = {}): Promise<string> {
  const accountId = options.id ?? randomUUID();
  await db.account.create({ data: { id: accountId, name: options.name ?? 'Тестовый аккаунт' } });
  return accountId;
}
