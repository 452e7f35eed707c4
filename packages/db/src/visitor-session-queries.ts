import type { Database } from './create-prisma-client';
import { VISIT_FIELDS } from './visit-fields';

/** The tracker session our script captured, looked up within the account only. */
export async function findVisitorSessionByExternalId(db: Database, accountId: string, externalId: string) {
  return db.visitorSession.findUnique({
    where: { accountId_externalId: { accountId, externalId } },
    select: {
      id: true,
      accountId: true,
      startedAt: true,
      siteId: true,
      campaignId: true,
      sourceId: true,
      ...VISIT_FIELDS,
    },
  });
}
