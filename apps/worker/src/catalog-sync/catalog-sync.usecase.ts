import { DataApiClient, type DataApiBrand } from '@carrot-bridge/data-api';
import {
  findCabinetConnection,
  recordCatalogSync,
  syncCabinetCampaigns,
  syncCabinetEmployees,
  syncCabinetSites,
  syncCabinetSources,
  syncCabinetTags,
  type CatalogSyncCounts,
  type Database,
} from '@carrot-bridge/db';
import { openCabinetToken, type SecretBox } from '@carrot-bridge/secrets';
import { describeCatalogSyncFailure } from './decide-catalog-sync-failure';

/** What the catalog sync reads of the cabinet: the Data API client's catalog methods. */
export type CabinetCatalogReader = Pick<
  DataApiClient,
  'getSites' | 'getCampaigns' | 'getSources' | 'getEmployees' | 'getTags'
>;

export interface CatalogSyncDeps {
  db: Database;
  secretBox: SecretBox;
  dataApiUrls: Record<DataApiBrand, string>;
  timeoutMs: number;
  /** Tests may read the cabinet another way; by default a DataApiClient for the connection's brand and token. */
  readerFor?: (brand: DataApiBrand, token: string) => CabinetCatalogReader;
  now?: () => Date;
}

export type CatalogSyncOutcome =
  | { status: 'done'; counts: Record<'sites' | 'campaigns' | 'sources' | 'employees' | 'tags', CatalogSyncCounts> }
  | { status: 'skipped'; reason: string };

/**
 * One account's catalog sync (docs/cabinet.md): reads every page of the cabinet's sites, campaigns,
 * sources, employees and tags with the connection's token (the client's get.* methods, each citing its
 * page), then upserts them by CoMagic id (packages/db catalog-sync-queries.ts), sites before campaigns
 * (a campaign is put on its site). The cabinet is read whole before anything is written, so a failed read
 * changes nothing; the result, or the failure, is recorded on the connection either way.
 */
export class CatalogSyncUseCase {
  constructor(private readonly deps: CatalogSyncDeps) {}

  async execute(accountId: string): Promise<CatalogSyncOutcome> {
    const { db } = this.deps;
    const connection = await findCabinetConnection(db, accountId);
    if (!connection) return { status: 'skipped', reason: 'the account is not connected to a cabinet' };
    try {
      const token = openCabinetToken(this.deps.secretBox, connection);
      const reader = this.readerFor(connection.brand, token);
      const sites = await reader.getSites();
      const campaigns = await reader.getCampaigns();
      const sources = await reader.getSources();
      const employees = await reader.getEmployees();
      const tags = await reader.getTags();
      const at = this.now();
      const counts = {
        sites: await syncCabinetSites(
          db,
          accountId,
          sites.map((s) => ({ comagicId: s.id, domain: s.domain })),
          at,
        ),
        campaigns: await syncCabinetCampaigns(
          db,
          accountId,
          campaigns.map((c) => ({ comagicId: c.id, name: c.name, siteComagicId: c.siteId })),
          at,
        ),
        sources: await syncCabinetSources(
          db,
          accountId,
          sources.map((s) => ({ comagicId: s.id, name: s.name, group: s.group, channel: s.channel })),
          at,
        ),
        employees: await syncCabinetEmployees(
          db,
          accountId,
          employees.map((e) => ({ comagicId: e.id, name: e.name, email: e.email })),
          at,
        ),
        tags: await syncCabinetTags(
          db,
          accountId,
          tags.map((t) => ({ comagicId: t.id, name: t.name })),
          at,
        ),
      };
      await recordCatalogSync(db, accountId, { syncedAt: this.now(), counts, error: null });
      return { status: 'done', counts };
    } catch (error) {
      // Recorded on every failed attempt (the page says what is wrong now); the counts of the last good run stay.
      await recordCatalogSync(db, accountId, {
        syncedAt: this.now(),
        counts: null,
        error: describeCatalogSyncFailure(error),
      }).catch(() => undefined);
      throw error;
    }
  }

  private readerFor(brand: DataApiBrand, token: string): CabinetCatalogReader {
    if (this.deps.readerFor) return this.deps.readerFor(brand, token);
    return new DataApiClient({ url: this.deps.dataApiUrls[brand], accessToken: token, timeoutMs: this.deps.timeoutMs });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
