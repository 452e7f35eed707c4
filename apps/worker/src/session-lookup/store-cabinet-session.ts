import type { CabinetVisitorSession } from '@carrot-bridge/data-api';
import { findCatalogIdsByComagicId, upsertCabinetVisitorSession, type Database } from '@carrot-bridge/db';
import type { KnownVisitorSession } from '@carrot-bridge/domain';

/**
 * Stores a session read from the cabinet in our VisitorSession table (the cache: later chats of it need
 * no lookup), its externalId the cabinet's session id. The report names site, campaign and source by
 * the cabinet's ids (`site_id`, `campaign_id`, https://comagic.github.io/data_api/report/get_visitor_sessions_report/);
 * they become ours through the catalog's comagicId, and one our catalog does not know stays null.
 */
export async function storeCabinetSession(
  db: Database,
  accountId: string,
  session: CabinetVisitorSession,
): Promise<KnownVisitorSession> {
  const ids = await findCatalogIdsByComagicId(db, accountId, {
    siteIds: session.siteId === null ? [] : [session.siteId],
    campaignIds: session.campaignId === null ? [] : [session.campaignId],
    sourceIds: session.sourceId === null ? [] : [session.sourceId],
  });
  const ours = <T>(map: Map<number, T>, id: number | null): T | null => (id === null ? null : (map.get(id) ?? null));
  return upsertCabinetVisitorSession(db, accountId, {
    externalId: String(session.id),
    visitorId: String(session.visitorId),
    startedAt: session.startedAt,
    siteId: ours(ids.sites, session.siteId),
    campaignId: ours(ids.campaigns, session.campaignId),
    sourceId: ours(ids.sources, session.sourceId),
    utmSource: session.utmSource,
    utmMedium: session.utmMedium,
    utmCampaign: session.utmCampaign,
    utmTerm: session.utmTerm,
    utmContent: session.utmContent,
    referrer: session.referrer,
    entrancePage: session.entrancePage,
  });
}
