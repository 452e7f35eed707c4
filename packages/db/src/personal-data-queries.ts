// Personal data (issue #25, docs/personal-data.md): finding a person's chats, erasing what names them
// while the rows the report counts stay, remembering the erasure by keyed digest, the acts, and the
// account's retention setting. Values found here (phones, e-mails, names) are returned to the caller
// to search other stores with; nothing here logs them.
import type { ErasureCriterion, ErasureCriterionKind } from '@carrot-bridge/domain';
import type { Database } from './create-prisma-client';
import { Prisma, type PersonalDataErasure, type RetentionState } from './generated/prisma/client';
import type { PersonalDataErasureCause } from './generated/prisma/enums';

/** A chat an erasure touches: what the act lists, and the contacts the caller searches other stores for. */
export interface ErasureTargetChat {
  chatId: string;
  integrationId: string;
  conversationId: string;
  questionId: string | null;
  startedAt: Date;
  carrotUserId: string;
  exportStatus: string | null;
  exportRemoteId: string | null;
  exportedAt: Date | null;
  /** The integration's Data API (CoMagic or UIS keeps its own copy of an exported chat). */
  exportBrand: 'comagic' | 'uis' | null;
  sessionExternalId: string | null;
  visitorSessionId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

export interface ErasureTargets {
  /** Oldest first. */
  chats: ErasureTargetChat[];
  /** The criterion first, then every phone, e-mail and user id of the chats it matched (each once). */
  identifiers: ErasureCriterion[];
}

/** The Chat column each kind of criterion is matched against (each has its (accountId, column) index). */
const CRITERION_COLUMN: Record<ErasureCriterionKind, Prisma.Sql> = {
  phone: Prisma.sql`"contactPhone"`,
  email: Prisma.sql`"contactEmail"`,
  carrot_user: Prisma.sql`"carrotUserId"`,
};

/**
 * The person's chats in the account: the chats matching the criterion, the phones, e-mails and user
 * ids those chats carry (one step, not transitive: a phone shared with a stranger must not pull in the
 * stranger's other chats), and every chat of the account matching any of them.
 */
export async function findErasureTargets(
  db: Database,
  accountId: string,
  criterion: ErasureCriterion,
): Promise<ErasureTargets> {
  const seeds = await db.$queryRaw<Array<{ phone: string | null; email: string | null; userId: string }>>`
    SELECT DISTINCT "contactPhone" AS "phone", "contactEmail" AS "email", "carrotUserId" AS "userId"
      FROM "Chat"
     WHERE "accountId" = ${accountId}::uuid AND ${CRITERION_COLUMN[criterion.kind]} = ${criterion.value}`;
  const identifiers = identifiersOf(criterion, seeds);
  const valuesOf = (kind: ErasureCriterionKind) => identifiers.filter((i) => i.kind === kind).map((i) => i.value);
  const chats = await db.$queryRaw<ErasureTargetChat[]>`
    SELECT c."id" AS "chatId", c."integrationId", c."conversationId", c."questionId", c."startedAt", c."carrotUserId",
           c."exportStatus"::text AS "exportStatus", c."exportRemoteId", c."exportedAt",
           i."exportBrand"::text AS "exportBrand", c."sessionExternalId", c."visitorSessionId",
           c."contactName", c."contactPhone", c."contactEmail"
      FROM "Chat" c
      JOIN "CarrotQuestIntegration" i ON i."id" = c."integrationId"
     WHERE c."accountId" = ${accountId}::uuid
       AND (c."contactPhone" = ANY(${valuesOf('phone')}::text[])
            OR c."contactEmail" = ANY(${valuesOf('email')}::text[])
            OR c."carrotUserId" = ANY(${valuesOf('carrot_user')}::text[]))
     ORDER BY c."startedAt", c."id"`;
  return { chats, identifiers };
}

function identifiersOf(
  criterion: ErasureCriterion,
  seeds: ReadonlyArray<{ phone: string | null; email: string | null; userId: string }>,
): ErasureCriterion[] {
  const found: ErasureCriterion[] = [criterion];
  const seen = new Set([`${criterion.kind}:${criterion.value}`]);
  const add = (kind: ErasureCriterionKind, values: Array<string | null>) => {
    for (const value of [...new Set(values)].sort()) {
      if (!value || seen.has(`${kind}:${value}`)) continue;
      seen.add(`${kind}:${value}`);
      found.push({ kind, value });
    }
  };
  add(
    'phone',
    seeds.map((s) => s.phone),
  );
  add(
    'email',
    seeds.map((s) => s.email),
  );
  add(
    'carrot_user',
    seeds.map((s) => s.userId),
  );
  return found;
}

/** Rows each table lost or had emptied by one erasure. */
export interface ErasedRowCounts {
  /** Chats that held personal data, or were not marked erased yet. */
  chats: number;
  /** Messages whose text was not empty. */
  messages: number;
  visitorSessions: number;
  sessionLookups: number;
}

/**
 * Erases the personal data of the account's chats among `chatIds`, in one transaction: contacts, first
 * message, export error (the Data API echoes a refused value), the tracker's visitor id and every link to
 * the visit (session link, tracker session id and start, lookup state) are set NULL and the chat is
 * marked erased; message texts are set NULL (the rows stay: the import compares part ids); the visitor
 * sessions the chats point at, name by the tracker's session id or share the tracker's visitor id with
 * are deleted after every chat of the account lets go of them (their attribution stays copied on the
 * chats); the session lookups of those tracker session or visitor ids are deleted. Date, channel,
 * attribution (campaign, source, UTM, referrer) and counts stay, so the report does not change.
 * Idempotent: a chat already erased and empty counts 0 and keeps its erasure time.
 */
export async function erasePersonalDataOfChats(
  db: Database,
  accountId: string,
  chatIds: string[],
  cause: PersonalDataErasureCause,
  at: Date,
): Promise<ErasedRowCounts> {
  if (chatIds.length === 0) return { chats: 0, messages: 0, visitorSessions: 0, sessionLookups: 0 };
  return db.$transaction(
    async (tx) => {
      // Read before the UPDATE empties them: they find the person's sessions and lookups below.
      const targets = await tx.$queryRaw<
        Array<{ id: string; sessionId: string | null; externalId: string | null; visitorId: string | null }>
      >`
        SELECT "id", "visitorSessionId" AS "sessionId", "sessionExternalId" AS "externalId",
               "sessionVisitorId" AS "visitorId"
          FROM "Chat"
         WHERE "accountId" = ${accountId}::uuid AND "id" = ANY(${chatIds}::uuid[])
         ORDER BY "id"
           FOR UPDATE`;
      if (targets.length === 0) return { chats: 0, messages: 0, visitorSessions: 0, sessionLookups: 0 };
      const ids = targets.map((t) => t.id);
      const sessionIds = distinct(targets.map((t) => t.sessionId));
      const externalIds = distinct(targets.map((t) => t.externalId));
      const visitorIds = distinct(targets.map((t) => t.visitorId));

      const messages = await tx.$executeRaw`
        UPDATE "ChatMessage" SET "text" = NULL WHERE "chatId" = ANY(${ids}::uuid[]) AND "text" IS NOT NULL`;
      const chats = await tx.$executeRaw`
        UPDATE "Chat"
           SET "contactName" = NULL, "contactPhone" = NULL, "contactEmail" = NULL, "firstVisitorMessage" = NULL,
               "exportError" = NULL, "sessionVisitorId" = NULL, "visitorSessionId" = NULL,
               "sessionExternalId" = NULL, "sessionStartedAt" = NULL, "sessionLookup" = NULL,
               "personalDataErasedAt" = ${at}, "personalDataErasure" = ${cause}::"PersonalDataErasureCause",
               "updatedAt" = now()
         WHERE "id" = ANY(${ids}::uuid[])
           AND ("personalDataErasedAt" IS NULL OR "contactName" IS NOT NULL OR "contactPhone" IS NOT NULL
                OR "contactEmail" IS NOT NULL OR "firstVisitorMessage" IS NOT NULL OR "exportError" IS NOT NULL
                OR "sessionVisitorId" IS NOT NULL OR "visitorSessionId" IS NOT NULL OR "sessionExternalId" IS NOT NULL
                OR "sessionStartedAt" IS NOT NULL OR "sessionLookup" IS NOT NULL)`;

      const sessions = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "VisitorSession"
         WHERE "accountId" = ${accountId}::uuid
           AND ("id" = ANY(${sessionIds}::uuid[]) OR "externalId" = ANY(${externalIds}::text[])
                OR "visitorId" = ANY(${visitorIds}::text[]))`;
      const sessionRowIds = sessions.map((s) => s.id);
      let visitorSessions = 0;
      if (sessionRowIds.length > 0) {
        // Another chat of the account may point at the same session (a shared browser): it lets go too,
        // keeping the attribution copied on it.
        await tx.$executeRaw`
          UPDATE "Chat" SET "visitorSessionId" = NULL, "updatedAt" = now()
           WHERE "accountId" = ${accountId}::uuid AND "visitorSessionId" = ANY(${sessionRowIds}::uuid[])`;
        visitorSessions = await tx.$executeRaw`
          DELETE FROM "VisitorSession" WHERE "accountId" = ${accountId}::uuid AND "id" = ANY(${sessionRowIds}::uuid[])`;
      }
      const sessionLookups =
        externalIds.length === 0 && visitorIds.length === 0
          ? 0
          : await tx.$executeRaw`
              DELETE FROM "SessionLookup"
               WHERE "accountId" = ${accountId}::uuid
                 AND ("externalId" = ANY(${externalIds}::text[]) OR "visitorId" = ANY(${visitorIds}::text[]))`;
      return { chats, messages, visitorSessions, sessionLookups };
    },
    { timeout: 120_000 },
  );
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/**
 * Remembers the erased people by keyed digest (personalDataDigest of `kind:value`), so an import of a
 * question that started before the erasure writes no personal data. A digest erased again keeps the
 * latest time (and that erasure's id). Returns how many digests are remembered.
 */
export async function rememberErasedSubjects(
  db: Database,
  accountId: string,
  erasureId: string,
  digests: string[],
  at: Date,
): Promise<number> {
  const unique = [...new Set(digests)];
  if (unique.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO "ErasedSubject" ("accountId", "digest", "erasedAt", "erasureId")
    SELECT ${accountId}::uuid, d, ${at}::timestamp, ${erasureId}::uuid FROM unnest(${unique}::text[]) AS d
    ON CONFLICT ("accountId", "digest") DO UPDATE SET
      "erasedAt" = GREATEST("ErasedSubject"."erasedAt", EXCLUDED."erasedAt"),
      "erasureId" = CASE WHEN EXCLUDED."erasedAt" >= "ErasedSubject"."erasedAt"
                         THEN EXCLUDED."erasureId" ELSE "ErasedSubject"."erasureId" END`;
}

/** An act (акт об уничтожении) as first written, before the erasure runs. */
export interface NewErasureAct {
  accountId: string;
  /** Defaults to now. */
  requestedAt?: Date;
  requestedBy: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  criterionKind: ErasureCriterionKind;
  criterionDigest: string;
}

export type ErasureActRow = PersonalDataErasure;

export async function saveErasureAct(db: Database, act: NewErasureAct): Promise<ErasureActRow> {
  return db.personalDataErasure.create({
    data: {
      accountId: act.accountId,
      ...(act.requestedAt ? { requestedAt: act.requestedAt } : {}),
      requestedBy: act.requestedBy,
      actorKind: act.actorKind,
      actorId: act.actorId,
      actorLabel: act.actorLabel,
      criterionKind: act.criterionKind,
      criterionDigest: act.criterionDigest,
      counts: {},
      chats: [],
    },
  });
}

/** What the erasure did: counts by store, the chats touched (no contacts), the audit log's extract. */
export interface ErasureActOutcome {
  counts: Prisma.InputJsonValue;
  chats: Prisma.InputJsonValue;
  auditExtract: Prisma.InputJsonValue | null;
  completedAt: Date;
}

export async function completeErasureAct(db: Database, id: string, outcome: ErasureActOutcome): Promise<ErasureActRow> {
  return db.personalDataErasure.update({
    where: { id },
    data: {
      counts: outcome.counts,
      chats: outcome.chats,
      auditExtract: outcome.auditExtract ?? Prisma.DbNull,
      completedAt: outcome.completedAt,
    },
  });
}

/** Where the previous page of acts stopped (ties in `requestedAt` are ordered by id). */
export interface ErasureActCursor {
  requestedAt: Date;
  id: string;
}

export const ERASURE_ACTS_PAGE_DEFAULT = 50;
export const ERASURE_ACTS_PAGE_MAX = 200;

/** One page of the account's acts, newest first, and the cursor of the next page (null: no more). */
export async function listErasureActs(
  db: Database,
  accountId: string,
  page: { before?: ErasureActCursor; limit?: number } = {},
): Promise<{ acts: ErasureActRow[]; next: ErasureActCursor | null }> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? ERASURE_ACTS_PAGE_DEFAULT), 1), ERASURE_ACTS_PAGE_MAX);
  const before = page.before;
  // One row more than the page tells whether another page follows.
  const rows = await db.personalDataErasure.findMany({
    where: {
      accountId,
      ...(before
        ? {
            OR: [
              { requestedAt: { lt: before.requestedAt } },
              { requestedAt: before.requestedAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const acts = rows.slice(0, limit);
  const last = acts[acts.length - 1];
  return { acts, next: rows.length > limit && last ? { requestedAt: last.requestedAt, id: last.id } : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account's act, or null (also for an id that is not a UUID, or another account's act). */
export async function findErasureAct(db: Database, accountId: string, id: string): Promise<ErasureActRow | null> {
  if (!UUID.test(id)) return null;
  return db.personalDataErasure.findFirst({ where: { id, accountId } });
}

/** The regions the account's integrations read phones in (an erasure's phone is read in each), sorted. */
export async function accountPhoneRegions(db: Database, accountId: string): Promise<string[]> {
  const rows = await db.carrotQuestIntegration.findMany({
    where: { accountId, deletedAt: null },
    distinct: ['phoneRegion'],
    select: { phoneRegion: true },
    orderBy: { phoneRegion: 'asc' },
  });
  return rows.map((r) => r.phoneRegion);
}

/** «Срок хранения переписки» (null: kept) and the retention sweep's last run (null: never ran). */
export async function getRetentionSettings(
  db: Database,
  accountId: string,
): Promise<{ days: number | null; state: RetentionState | null }> {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { retentionDays: true, retention: true },
  });
  return { days: account?.retentionDays ?? null, state: account?.retention ?? null };
}

/**
 * Sets the account's retention (whole days, RETENTION_DAYS_MIN..MAX checked by the caller; null: keep)
 * and returns what it was and is (the audit's from/to), read and written under the row's lock.
 */
export async function setRetentionDays(
  db: Database,
  accountId: string,
  days: number | null,
): Promise<{ from: number | null; to: number | null }> {
  if (days !== null && (!Number.isInteger(days) || days < 1))
    throw new RangeError('retention days: a whole number ≥ 1');
  const [row] = await db.$queryRaw<Array<{ from: number | null }>>`
    UPDATE "Account" a SET "retentionDays" = ${days}::int, "updatedAt" = now()
      FROM (SELECT "id", "retentionDays" FROM "Account" WHERE "id" = ${accountId}::uuid FOR UPDATE) old
     WHERE a."id" = old."id"
    RETURNING old."retentionDays" AS "from"`;
  if (!row) throw new Error(`account ${accountId} not found`);
  // Chats imported while the retention was off (or longer) may have started before the sweep's mark:
  // a changed retention makes the next sweep scan from the beginning once.
  if (row.from !== days)
    await db.$executeRaw`UPDATE "RetentionState" SET "erasedBefore" = NULL WHERE "accountId" = ${accountId}::uuid`;
  return { from: row.from, to: days };
}
