// What the fake account holds besides uploaded chats: its catalog and its visitor sessions, set by
// tests and read by the get.* methods.

export type CatalogKind = 'site' | 'campaign' | 'source' | 'employee' | 'tag';

export interface FakeSite {
  id: number;
  domain: string;
}
export interface FakeCampaign {
  id: number;
  name: string;
  siteId: number | null;
  status?: 'active' | 'inactive';
}
export interface FakeSource {
  id: number;
  name: string;
  /** The source group's name; get.sources_groups lists one group per distinct name. */
  group: string;
  /** The channel's name; get.sources_channels lists one channel per distinct name. */
  channel: string;
}
export interface FakeEmployee {
  id: number;
  name: string;
  email?: string | null;
}
export interface FakeTag {
  id: number;
  name: string;
}

/** A visitor session of the account, for upload.chats' session rules and the session report. */
export interface FakeSession {
  startedAt: number;
  siteId?: number;
  campaignId?: number;
  visitorId?: number;
  sourceId?: number;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  utmTerm?: string;
  utmContent?: string;
  referrer?: string;
  entrancePage?: string;
  /** The report lists the session only from this instant on (the cabinet lags); ms. */
  visibleAfter?: number;
}

/** A session as a test adds it to the cabinet (addCabinetSession): a FakeSession with its id, visitor and site, its instants as dates. */
export interface FakeCabinetSession extends Omit<FakeSession, 'startedAt' | 'visibleAfter' | 'visitorId' | 'siteId'> {
  id: number;
  visitorId: number;
  startedAt: Date;
  siteId: number;
  visibleAfter?: Date;
}

export interface FakeAccount {
  appId: number;
  name: string;
  timeZone: string;
}

export class CabinetStore {
  readonly sites = new Map<number, FakeSite>();
  readonly campaigns = new Map<number, FakeCampaign>();
  readonly sources = new Map<number, FakeSource>();
  readonly employees = new Map<number, FakeEmployee>();
  readonly tags = new Map<number, FakeTag>();
  readonly sessions = new Map<number, FakeSession>();

  private byKind(kind: CatalogKind): Map<number, { name?: string; domain?: string }> {
    switch (kind) {
      case 'site':
        return this.sites;
      case 'campaign':
        return this.campaigns;
      case 'source':
        return this.sources;
      case 'employee':
        return this.employees;
      case 'tag':
        return this.tags;
    }
  }

  remove(kind: CatalogKind, id: number): void {
    if (!this.byKind(kind).delete(id)) throw new Error(`the fake has no ${kind} ${id}`);
  }

  /** A site's name is its domain. */
  rename(kind: CatalogKind, id: number, name: string): void {
    const entry = this.byKind(kind).get(id);
    if (!entry) throw new Error(`the fake has no ${kind} ${id}`);
    if (kind === 'site') entry.domain = name;
    else entry.name = name;
  }

  addCabinetSession(session: FakeCabinetSession): void {
    const { id, startedAt, visibleAfter, ...rest } = session;
    this.sessions.set(id, {
      ...rest,
      startedAt: startedAt.getTime(),
      ...(visibleAfter ? { visibleAfter: visibleAfter.getTime() } : {}),
    });
  }
}
