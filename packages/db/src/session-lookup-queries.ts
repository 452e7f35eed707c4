import type { Database } from './create-prisma-client';
import type { SessionLookupStatus } from './generated/prisma/enums';
import type { ChatAttributionRecord } from './upsert-chat';
import { VISIT_FIELDS } from './visit-fields';

// The session lookups of docs/cabinet.md ("Sessions from the cabinet"): a captured session our table
// does not know, looked up in the customer's cabinet by the worker's session-lookup job.

export interface SessionLookupRequestRow {
  externalId: string;
  visitorId: string;
  around: Date;
  giveUpAt: Date;
}

/**
 * Asks for a lookup. A pending one stays as it is (another chat of the same session waits on it); a
 * settled one ("unknown", or "found" but gone from our table) is asked again from scratch: a later
 * chat of the session gives the cabinet another chance, and a find re-attributes the earlier chats too.
 */
export async function requestSessionLookup(
  db: Database,
  accountId: string,
  request: SessionLookupRequestRow,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "SessionLookup" ("accountId", "externalId", "visitorId", "around", "status", "attempts", "nextAttemptAt", "giveUpAt", "updatedAt")
    VALUES (${accountId}::uuid, ${request.externalId}, ${request.visitorId}, ${request.around}, 'pending', 0, now(), ${request.giveUpAt}, now())
    ON CONFLICT ("accountId", "externalId") DO UPDATE SET
      "visitorId" = EXCLUDED."visitorId", "around" = EXCLUDED."around", "status" = 'pending', "attempts" = 0,
      "nextAttemptAt" = EXCLUDED."nextAttemptAt", "giveUpAt" = EXCLUDED."giveUpAt", "lastError" = NULL, "updatedAt" = now()
    WHERE "SessionLookup"."status" <> 'pending'`;
}

/** The account's pending lookups whose next attempt is due. */
export async function findDueSessionLookups(db: Database, accountId: string, now: Date) {
  return db.sessionLookup.findMany({
    where: { accountId, status: 'pending', nextAttemptAt: { lte: now } },
    select: { externalId: true, visitorId: true, around: true, attempts: true, giveUpAt: true },
    orderBy: { nextAttemptAt: 'asc' },
  });
}
export type DueSessionLookup = Awaited<ReturnType<typeof findDueSessionLookups>>[number];

/** When the account's next pending lookup is due; null when none is left. */
export async function nextSessionLookupAt(db: Database, accountId: string): Promise<Date | null> {
  const next = await db.sessionLookup.aggregate({
    where: { accountId, status: 'pending' },
    _min: { nextAttemptAt: true },
  });
  return next._min.nextAttemptAt;
}

/** The account's pending lookups, for the export's hold (sessionLookupHoldsExport decides). */
export async function findPendingSessionLookups(db: Database, accountId: string) {
  return db.sessionLookup.findMany({
    where: { accountId, status: 'pending' },
    select: { externalId: true, status: true, giveUpAt: true },
  });
}

export async function recordSessionLookupAttempt(
  db: Database,
  accountId: string,
  externalId: string,
  step: { status: SessionLookupStatus; nextAttemptAt?: Date; error?: string | null },
): Promise<void> {
  await db.sessionLookup.update({
    where: { accountId_externalId: { accountId, externalId } },
    data: {
      status: step.status,
      attempts: { increment: 1 },
      ...(step.nextAttemptAt ? { nextAttemptAt: step.nextAttemptAt } : {}),
      lastError: step.error?.slice(0, 500) ?? null,
    },
  });
}

/** Our catalog ids of the cabinet's site, campaign and source ids (by comagicId); an id we do not have is absent. */
export async function findCatalogIdsByComagicId(
  db: Database,
  accountId: string,
  ids: { siteIds: number[]; campaignIds: number[]; sourceIds: number[] },
) {
  const select = { id: true, comagicId: true } as const;
  const [sites, campaigns, sources] = await Promise.all([
    db.site.findMany({ where: { accountId, comagicId: { in: ids.siteIds } }, select }),
    db.campaign.findMany({ where: { accountId, comagicId: { in: ids.campaignIds } }, select }),
    db.source.findMany({ where: { accountId, comagicId: { in: ids.sourceIds } }, select }),
  ]);
  const byComagicId = (rows: Array<{ id: string; comagicId: number | null }>) =>
    new Map(rows.flatMap((r) => (r.comagicId === null ? [] : [[r.comagicId, r.id] as const])));
  return { sites: byComagicId(sites), campaigns: byComagicId(campaigns), sources: byComagicId(sources) };
}

/**
 * The account's chats waiting on this session ("pending") or settled without it ("unknown"). A chat erased
 * on request is left out (docs/personal-data.md): a found session must not tie the person's visit to it
 * again. One past the retention keeps its visit link (the sweep erases texts and contacts, not the
 * attribution), so its pending lookup still settles it.
 */
export async function findChatsAwaitingSession(db: Database, accountId: string, externalId: string) {
  return db.chat.findMany({
    where: {
      accountId,
      sessionExternalId: externalId,
      sessionLookup: { in: ['pending', 'unknown'] },
      OR: [{ personalDataErasure: null }, { personalDataErasure: { not: 'request' } }],
    },
    select: {
      id: true,
      integrationId: true,
      channel: true,
      startedAt: true,
      attributionKind: true,
      ...VISIT_FIELDS,
      exportStatus: true,
      exportError: true,
    },
  });
}
export type ChatAwaitingSession = Awaited<ReturnType<typeof findChatsAwaitingSession>>[number];

export interface SessionLookupChatUpdate {
  sessionLookup: SessionLookupStatus;
  /** A new attribution (the session's), or absent to keep the chat's. */
  attribution?: ChatAttributionRecord;
  /** A note for the chat's page (the export's note column): e.g. the session came after the upload. */
  exportNote?: string;
}

export async function applySessionLookupToChat(
  db: Database,
  chatId: string,
  update: SessionLookupChatUpdate,
): Promise<void> {
  await db.chat.update({
    where: { id: chatId },
    data: {
      sessionLookup: update.sessionLookup,
      ...(update.attribution ?? {}),
      ...(update.exportNote ? { exportError: update.exportNote.slice(0, 500) } : {}),
    },
  });
}

/**
 * The session is "unknown": the chats still waiting on it keep their attribution. Returns the
 * integrations with such a chat still to export (their export stops waiting now).
 */
export async function settleChatsWithoutSession(
  db: Database,
  accountId: string,
  externalId: string,
): Promise<string[]> {
  const where = { accountId, sessionExternalId: externalId, sessionLookup: 'pending' as const };
  const waiting = await db.chat.findMany({
    where: { ...where, exportStatus: 'pending' },
    select: { integrationId: true },
    distinct: ['integrationId'],
  });
  await db.chat.updateMany({ where, data: { sessionLookup: 'unknown' } });
  return waiting.map((row) => row.integrationId);
}
