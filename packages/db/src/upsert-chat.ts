import type { TranscriptMessage } from '@carrot-bridge/domain';
import type { Database } from './create-prisma-client';
import { prismaSqlRunner, type SqlRunner } from './sql-runner';
import type { AttributionKind, ChatChannel } from './generated/prisma/enums';

export interface ChatAttributionRecord {
  attributionKind: AttributionKind;
  visitorSessionId: string | null;
  campaignId: string | null;
  sourceId: string | null;
  siteId: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
  entrancePage: string | null;
}

export interface ChatRecord extends ChatAttributionRecord {
  accountId: string;
  integrationId: string;
  conversationId: string;
  /** The question (CarrotQuest part_group) the chat is; with the conversation, the chat's identity. */
  questionId: string;
  carrotUserId: string;
  channel: ChatChannel;
  channelRaw: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  startedAt: Date;
  resolvedAt: Date | null;
  /** When the webhook that resolved it was received; absent or null keeps what the chat had. */
  webhookReceivedAt?: Date | null;
  employeeId: string | null;
  operatorName: string | null;
  sessionExternalId: string | null;
  /** The tracker's visitor id and session start the script captured (the cabinet lookup's key). */
  sessionVisitorId?: string | null;
  sessionStartedAt?: Date | null;
  /** `pending` when the import asked the cabinet for the session; absent keeps what the chat had. */
  sessionLookup?: 'pending' | null;
  messagesCount: number;
  firstVisitorMessage: string | null;
  /** The conversation's `last_update` as read for this import. */
  carrotUpdatedAt: Date | null;
  /**
   * Set: the record is written without personal data (an erasure or the retention covers the question).
   * Whatever a record says, a chat stored with it set never gets contacts, texts back (docs/personal-data.md).
   */
  personalDataErasedAt?: Date | null;
  personalDataErasure?: 'request' | 'retention' | null;
}

/**
 * A message as the transcript rule reads it (packages/domain), stored as it is; no author id: null.
 * `removedAt` set (CarrotQuest removed the part): stored without text, and a stored text is dropped.
 */
export type ChatMessageRecord = Omit<TranscriptMessage, 'operatorId' | 'removedAt'> & {
  operatorId?: string | null;
  removedAt?: Date | null;
};

/** Where a chat is written: its row, its messages, its tag, and whether it waits for the Data API export. */
export interface ChatWrite {
  chat: ChatRecord;
  messages: readonly ChatMessageRecord[];
  tagId: string | null;
  /** Marks the chat `pending` for the export (and clears an earlier export error), in the same statement. */
  exportPending?: boolean;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Writes chats, their messages and tags in ONE SQL statement (a data-modifying CTE over two jsonb
 * parameters), so a batch is atomic without an interactive transaction and costs one round trip and
 * one commit whatever its size. Idempotent: a chat is an INSERT ... ON CONFLICT (integration,
 * conversation, question) DO UPDATE, messages and the tag are inserted with ON CONFLICT DO NOTHING, so
 * replays and concurrent imports of one question add nothing twice.
 * Personal data (issue #25, docs/personal-data.md): a chat whose `personalDataErasedAt` is set, stored or
 * in the record, keeps its contacts, first message, tracker visitor id, export error and every message
 * text NULL, and its visit link (session ids, start, lookup state) as stored, whatever the record says,
 * so no re-import, backfill or catch-up fills it again; a message CarrotQuest marks removed loses its
 * stored text (its row, author and time stay). A question may appear only once
 * per statement (PostgreSQL refuses to update one row twice in one INSERT; BatchedChatStore keeps
 * repeats apart). Rows go in in key order, so concurrent batches lock rows in the same order.
 * Raw SQL because the profile said so: with Prisma's query compiler, compiling a fresh `createMany` plan
 * per message count cost more CPU than PostgreSQL spent on the write (BENCHMARKS.md, before/after).
 * Timestamps are sent as UTC ISO strings into `timestamp(3)` columns, exactly as Prisma stores DateTime.
 * Returns the chat ids in the order of `writes`.
 */
export async function upsertChats(sql: SqlRunner, writes: readonly ChatWrite[]): Promise<string[]> {
  if (writes.length === 0) return [];
  const now = new Date().toISOString();
  const chats = writes.map(({ chat: c, tagId, exportPending }, ord) => ({
    ...c,
    ord,
    startedAt: iso(c.startedAt),
    resolvedAt: iso(c.resolvedAt),
    webhookReceivedAt: iso(c.webhookReceivedAt ?? null),
    carrotUpdatedAt: iso(c.carrotUpdatedAt),
    sessionVisitorId: c.sessionVisitorId ?? null,
    sessionStartedAt: iso(c.sessionStartedAt ?? null),
    sessionLookup: c.sessionLookup ?? null,
    personalDataErasedAt: iso(c.personalDataErasedAt ?? null),
    personalDataErasure: c.personalDataErasedAt ? (c.personalDataErasure ?? 'request') : null,
    tagId,
    exportStatus: exportPending ? 'pending' : null,
  }));
  const messages = writes.flatMap(({ messages: list }, ord) =>
    list.map((m) => ({
      ...m,
      ord,
      sentAt: m.sentAt.toISOString(),
      operatorId: m.operatorId ?? null,
      removedAt: iso(m.removedAt ?? null),
    })),
  );
  let rows: Array<{ ord: number; id: string }>;
  try {
    rows = await sql.rows<{ ord: number; id: string }>(UPSERT_CHATS_SQL, [
      JSON.stringify(chats),
      JSON.stringify(messages),
      now,
    ]);
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new MissingReferenceError(error instanceof Error ? error.message : String(error));
    throw error;
  }
  const ids: string[] = [];
  for (const { ord, id } of rows) ids[ord] = id;
  if (ids.length !== writes.length || ids.includes(undefined as unknown as string))
    throw new Error(`upsertChats wrote ${rows.length} of ${writes.length} chats`);
  return ids;
}

/**
 * A chat points at a campaign, source, site, employee, session or tag that no longer exists (the
 * integration's settings are stale): no retry can succeed until the settings are fixed.
 */
export class MissingReferenceError extends Error {
  constructor(detail: string) {
    super(
      `a campaign, source, site, employee, session or tag the chat points at no longer exists (${detail.split('\n')[0]?.slice(0, 200)})`,
    );
    this.name = 'MissingReferenceError';
  }
}

/** PostgreSQL's foreign_key_violation (23503), from node-postgres or wrapped by Prisma's raw query error. */
function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown } } | null;
  return e?.code === '23503' || e?.meta?.code === '23503';
}

/** One chat (see upsertChats), through Prisma. */
export async function upsertChat(
  db: Database,
  chat: ChatRecord,
  messages: readonly ChatMessageRecord[],
  tagId: string | null,
  exportPending = false,
): Promise<{ chatId: string }> {
  const [chatId] = await upsertChats(prismaSqlRunner(db), [{ chat, messages, tagId, exportPending }]);
  return { chatId: chatId! };
}

// Personal data of a chat that is erased (stored so, or so written now) are never written: the INSERT
// writes them NULL for such a record, the UPDATE keeps them NULL for such a stored row. The visit link
// (session ids, start, lookup state) of an erased row stays as the erasure or the retention left it (an
// erasure on request empties it: a re-import must not tie the person's visit to the chat again); a
// record erased on request is written without it.
const UPSERT_CHATS_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    ord int, "accountId" uuid, "integrationId" uuid, "conversationId" text, "questionId" text, "carrotUserId" text, "channel" "ChatChannel", "channelRaw" text,
    "contactName" text, "contactPhone" text, "contactEmail" text, "startedAt" timestamp(3), "resolvedAt" timestamp(3), "webhookReceivedAt" timestamp(3), "employeeId" uuid, "operatorName" text,
    "attributionKind" "AttributionKind", "sessionExternalId" text, "sessionVisitorId" text, "sessionStartedAt" timestamp(3), "sessionLookup" "SessionLookupStatus", "visitorSessionId" uuid, "campaignId" uuid, "sourceId" uuid, "siteId" uuid,
    "utmSource" text, "utmMedium" text, "utmCampaign" text, "utmTerm" text, "utmContent" text, "referrer" text, "entrancePage" text,
    "messagesCount" int, "firstVisitorMessage" text, "carrotUpdatedAt" timestamp(3), "tagId" uuid, "exportStatus" "ExportStatus",
    "personalDataErasedAt" timestamp(3), "personalDataErasure" "PersonalDataErasureCause")
),
chat AS (
  INSERT INTO "Chat" ("id", "accountId", "integrationId", "conversationId", "questionId", "carrotUserId", "channel", "channelRaw",
    "contactName", "contactPhone", "contactEmail", "startedAt", "resolvedAt", "webhookReceivedAt", "employeeId", "operatorName",
    "attributionKind", "sessionExternalId", "sessionVisitorId", "sessionStartedAt", "sessionLookup", "visitorSessionId", "campaignId", "sourceId", "siteId",
    "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer", "entrancePage",
    "messagesCount", "firstVisitorMessage", "carrotUpdatedAt", "exportStatus", "personalDataErasedAt", "personalDataErasure", "updatedAt")
  SELECT gen_random_uuid(), "accountId", "integrationId", "conversationId", "questionId", "carrotUserId", "channel", "channelRaw",
    CASE WHEN "personalDataErasedAt" IS NULL THEN "contactName" END, CASE WHEN "personalDataErasedAt" IS NULL THEN "contactPhone" END,
    CASE WHEN "personalDataErasedAt" IS NULL THEN "contactEmail" END, "startedAt", "resolvedAt", "webhookReceivedAt", "employeeId", "operatorName",
    "attributionKind", CASE WHEN "personalDataErasure" IS DISTINCT FROM 'request' THEN "sessionExternalId" END,
    CASE WHEN "personalDataErasedAt" IS NULL THEN "sessionVisitorId" END,
    CASE WHEN "personalDataErasure" IS DISTINCT FROM 'request' THEN "sessionStartedAt" END,
    CASE WHEN "personalDataErasure" IS DISTINCT FROM 'request' THEN "sessionLookup" END,
    CASE WHEN "personalDataErasure" IS DISTINCT FROM 'request' THEN "visitorSessionId" END, "campaignId", "sourceId", "siteId",
    "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer", "entrancePage",
    "messagesCount", CASE WHEN "personalDataErasedAt" IS NULL THEN "firstVisitorMessage" END, "carrotUpdatedAt", "exportStatus",
    "personalDataErasedAt", "personalDataErasure", $3::timestamp(3)
  FROM input ORDER BY "integrationId", "conversationId", "questionId"
  ON CONFLICT ("integrationId", "conversationId", "questionId") DO UPDATE SET
    "carrotUserId" = EXCLUDED."carrotUserId", "channel" = EXCLUDED."channel", "channelRaw" = EXCLUDED."channelRaw",
    "contactName" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."contactName" END,
    "contactPhone" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."contactPhone" END,
    "contactEmail" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."contactEmail" END,
    "startedAt" = EXCLUDED."startedAt", "resolvedAt" = EXCLUDED."resolvedAt",
    "webhookReceivedAt" = COALESCE("Chat"."webhookReceivedAt", EXCLUDED."webhookReceivedAt"), "employeeId" = EXCLUDED."employeeId",
    "operatorName" = EXCLUDED."operatorName", "attributionKind" = EXCLUDED."attributionKind",
    "sessionExternalId" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."sessionExternalId" ELSE "Chat"."sessionExternalId" END,
    "visitorSessionId" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."visitorSessionId" ELSE "Chat"."visitorSessionId" END,
    "sessionVisitorId" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."sessionVisitorId" END,
    "sessionStartedAt" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."sessionStartedAt" ELSE "Chat"."sessionStartedAt" END,
    "sessionLookup" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN COALESCE(EXCLUDED."sessionLookup", "Chat"."sessionLookup")
                           ELSE "Chat"."sessionLookup" END,
    "campaignId" = EXCLUDED."campaignId", "sourceId" = EXCLUDED."sourceId", "siteId" = EXCLUDED."siteId",
    "utmSource" = EXCLUDED."utmSource", "utmMedium" = EXCLUDED."utmMedium", "utmCampaign" = EXCLUDED."utmCampaign",
    "utmTerm" = EXCLUDED."utmTerm", "utmContent" = EXCLUDED."utmContent", "referrer" = EXCLUDED."referrer",
    "entrancePage" = EXCLUDED."entrancePage", "messagesCount" = EXCLUDED."messagesCount",
    "firstVisitorMessage" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."firstVisitorMessage" END,
    "carrotUpdatedAt" = GREATEST(EXCLUDED."carrotUpdatedAt", "Chat"."carrotUpdatedAt"),
    "exportStatus" = COALESCE(EXCLUDED."exportStatus", "Chat"."exportStatus"),
    "exportError" = CASE WHEN EXCLUDED."exportStatus" IS NULL AND EXCLUDED."personalDataErasedAt" IS NULL THEN "Chat"."exportError" END,
    "personalDataErasedAt" = COALESCE("Chat"."personalDataErasedAt", EXCLUDED."personalDataErasedAt"),
    "personalDataErasure" = CASE WHEN "Chat"."personalDataErasedAt" IS NULL THEN EXCLUDED."personalDataErasure" ELSE "Chat"."personalDataErasure" END,
    "updatedAt" = EXCLUDED."updatedAt"
  RETURNING "id", "integrationId", "conversationId", "questionId", "personalDataErasedAt" IS NOT NULL AS "erased"
),
written AS (
  SELECT input.ord, chat."id", chat."erased", input."accountId", input."tagId"
  FROM input JOIN chat ON chat."integrationId" = input."integrationId" AND chat."conversationId" = input."conversationId"
    AND chat."questionId" = input."questionId"
),
message AS (
  SELECT written."id" AS "chatId", written."erased", m.*
  FROM jsonb_to_recordset($2::jsonb) AS m(ord int, "partId" text, "sentAt" timestamp(3), "author" "MessageAuthor", "partType" text, "operatorName" text, "operatorId" text, "text" text, "removedAt" timestamp(3))
  JOIN written ON written.ord = m.ord
),
messages AS (
  -- New messages; a part CarrotQuest removed since it was stored loses its text. The stored messages of
  -- an erased chat are left to "erased_texts" (one statement must not update a row twice).
  INSERT INTO "ChatMessage" ("id", "chatId", "partId", "sentAt", "author", "partType", "operatorName", "operatorId", "text", "removedAt")
  SELECT gen_random_uuid(), m."chatId", m."partId", m."sentAt", m."author", m."partType", m."operatorName", m."operatorId",
    CASE WHEN m."erased" OR m."removedAt" IS NOT NULL THEN NULL ELSE m."text" END, m."removedAt"
  FROM message m
  WHERE NOT (m."erased" AND EXISTS (SELECT 1 FROM "ChatMessage" s WHERE s."chatId" = m."chatId" AND s."partId" = m."partId"))
  ON CONFLICT ("chatId", "partId") DO UPDATE SET "text" = NULL, "removedAt" = EXCLUDED."removedAt"
    WHERE EXCLUDED."removedAt" IS NOT NULL AND "ChatMessage"."removedAt" IS NULL
),
erased_texts AS (
  -- Every stored message of an erased chat is without text (a record erased now: its texts go too).
  UPDATE "ChatMessage" s SET "text" = NULL,
    "removedAt" = COALESCE(s."removedAt", (SELECT max(m."removedAt") FROM message m WHERE m."chatId" = s."chatId" AND m."partId" = s."partId"))
  FROM written
  WHERE written."erased" AND s."chatId" = written."id"
    AND (s."text" IS NOT NULL OR (s."removedAt" IS NULL AND EXISTS (
      SELECT 1 FROM message m WHERE m."chatId" = s."chatId" AND m."partId" = s."partId" AND m."removedAt" IS NOT NULL)))
),
tag AS (
  INSERT INTO "ChatTag" ("accountId", "chatId", "tagId")
  SELECT "accountId", "id", "tagId" FROM written WHERE "tagId" IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT ord, "id" FROM written`;
