import type { KnownVisitorSession } from '@carrot-bridge/domain';
import type { Database } from './create-prisma-client';
import type { SqlRunner } from './sql-runner';

export interface VisitorSessionKey {
  accountId: string;
  externalId: string;
}

/** The tracker sessions our script captured, looked up within their accounts only, in one statement, in the order of `keys` (null: no such session in that account). */
export async function findVisitorSessions(
  sql: SqlRunner,
  keys: readonly VisitorSessionKey[],
): Promise<Array<KnownVisitorSession | null>> {
  // AT TIME ZONE 'UTC': the column is a UTC timestamp without zone (as Prisma stores DateTime); read as
  // timestamptz it is parsed the same whatever the process's TZ.
  const rows = await sql.rows<KnownVisitorSession & { ord: number }>(
    `SELECT k.ord, s."id", s."accountId", s."startedAt" AT TIME ZONE 'UTC' AS "startedAt", s."siteId", s."campaignId", s."sourceId",
       s."utmSource", s."utmMedium", s."utmCampaign", s."utmTerm", s."utmContent", s."referrer", s."entrancePage"
     FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS k("accountId", "externalId", ord)
     JOIN "VisitorSession" s ON s."accountId" = k."accountId" AND s."externalId" = k."externalId"`,
    [keys.map((k) => k.accountId), keys.map((k) => k.externalId)],
  );
  const found: Array<KnownVisitorSession | null> = keys.map(() => null);
  for (const { ord, ...session } of rows)
    found[Number(ord) - 1] = { ...session, startedAt: new Date(session.startedAt) };
  return found;
}

/** One tracker session as the tracker reports it; the account comes from the caller. */
export interface VisitorSessionInput {
  externalId: string;
  siteId: string;
  startedAt: Date;
  campaignId?: string | null;
  sourceId?: string | null;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  utmTerm?: string | null;
  utmContent?: string | null;
  referrer?: string | null;
  entrancePage?: string | null;
  visitorId?: string | null;
  ymClientId?: string | null;
  gaClientId?: string | null;
}

export type UpsertVisitorSessionsResult =
  | { status: 'ok'; upserted: number }
  /** `sessions[index]` names a site the account does not have; nothing was written. */
  | { status: 'unknown_site'; index: number }
  /** A campaign or source is not the account's (the composite foreign key refused it); nothing was written. */
  | { status: 'foreign_reference' };

/** Idempotent by the tracker's id within the account: all sessions in one transaction, or none. */
export async function upsertVisitorSessions(
  db: Database,
  accountId: string,
  sessions: readonly VisitorSessionInput[],
): Promise<UpsertVisitorSessionsResult> {
  const siteIds = new Set((await db.site.findMany({ where: { accountId }, select: { id: true } })).map((s) => s.id));
  const foreign = sessions.findIndex((s) => !siteIds.has(s.siteId));
  if (foreign >= 0) return { status: 'unknown_site', index: foreign };
  try {
    await db.$transaction(
      sessions.map((session) => {
        const data = { ...session, accountId };
        return db.visitorSession.upsert({
          where: { accountId_externalId: { accountId, externalId: session.externalId } },
          create: data,
          update: data,
        });
      }),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'P2003') return { status: 'foreign_reference' };
    throw error;
  }
  return { status: 'ok', upserted: sessions.length };
}

/** The whole stored session, looked up within the account only. */
export async function findVisitorSessionOfAccount(db: Database, accountId: string, externalId: string) {
  return db.visitorSession.findUnique({ where: { accountId_externalId: { accountId, externalId } } });
}

/** A session read from the customer's cabinet, mapped to our catalog (an id we do not know: null). */
export interface CabinetVisitorSessionInput extends Omit<VisitorSessionInput, 'siteId'> {
  siteId: string | null;
}

/** Stores (or refreshes) a session read from the cabinet, so later chats of it need no lookup. */
export async function upsertCabinetVisitorSession(
  db: Database,
  accountId: string,
  session: CabinetVisitorSessionInput,
): Promise<KnownVisitorSession> {
  const data = { ...session, accountId };
  const row = await db.visitorSession.upsert({
    where: { accountId_externalId: { accountId, externalId: session.externalId } },
    create: data,
    update: data,
  });
  return {
    id: row.id,
    accountId: row.accountId,
    startedAt: row.startedAt,
    siteId: row.siteId,
    campaignId: row.campaignId,
    sourceId: row.sourceId,
    utmSource: row.utmSource,
    utmMedium: row.utmMedium,
    utmCampaign: row.utmCampaign,
    utmTerm: row.utmTerm,
    utmContent: row.utmContent,
    referrer: row.referrer,
    entrancePage: row.entrancePage,
  };
}
