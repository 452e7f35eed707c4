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
}

/** A message as the transcript rule reads it (packages/domain), stored as it is; no author id: null. */
export type ChatMessageRecord = Omit<TranscriptMessage, 'operatorId'> & { operatorId?: string | null };

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
 * replays and concurrent imports of one question add nothing twice. A question may appear only once
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
    tagId,
    exportStatus: exportPending ? 'pending' : null,
  }));
  const messages = writes.flatMap(({ messages: list }, ord) =>
    list.map((m) => ({ ...m, ord, sentAt: m.sentAt.toISOString(), operatorId: m.operatorId ?? null })),
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

const UPSERT_CHATS_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    ord int, "accountId" uuid, "integrationId" uuid, "conversationId" text, "questionId" text, "carrotUserId" text, "channel" "ChatChannel", "channelRaw" text,
    "contactName" text, "contactPhone" text, "contactEmail" text, "startedAt" timestamp(3), "resolvedAt" timestamp(3), "webhookReceivedAt" timestamp(3), "employeeId" uuid, "operatorName" text,
    "attributionKind" "AttributionKind", "sessionExternalId" text, "sessionVisitorId" text, "sessionStartedAt" timestamp(3), "sessionLookup" "SessionLookupStatus", "visitorSessionId" uuid, "campaignId" uuid, "sourceId" uuid, "siteId" uuid,
    "utmSource" text, "utmMedium" text, "utmCampaign" text, "utmTerm" text, "utmContent" text, "referrer" text, "entrancePage" text,
    "messagesCount" int, "firstVisitorMessage" text, "carrotUpdatedAt" timestamp(3), "tagId" uuid, "exportStatus" "ExportStatus")
),
chat AS (
  INSERT INTO "Chat" ("id", "accountId", "integrationId", "conversationId", "questionId", "carrotUserId", "channel", "channelRaw",
    "contactName", "contactPhone", "contactEmail", "startedAt", "resolvedAt", "webhookReceivedAt", "employeeId", "operatorName",
    "attributionKind", "sessionExternalId", "sessionVisitorId", "sessionStartedAt", "sessionLookup", "visitorSessionId", "campaignId", "sourceId", "siteId",
    "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer", "entrancePage",
    "messagesCount", "firstVisitorMessage", "carrotUpdatedAt", "exportStatus", "updatedAt")
  SELECT gen_random_uuid(), "accountId", "integrationId", "conversationId", "questionId", "carrotUserId", "channel", "channelRaw",
    "contactName", "contactPhone", "contactEmail", "startedAt", "resolvedAt", "webhookReceivedAt", "employeeId", "operatorName",
    "attributionKind", "sessionExternalId", "sessionVisitorId", "sessionStartedAt", "sessionLookup", "visitorSessionId", "campaignId", "sourceId", "siteId",
    "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer", "entrancePage",
    "messagesCount", "firstVisitorMessage", "carrotUpdatedAt", "exportStatus", $3::timestamp(3)
  FROM input ORDER BY "integrationId", "conversationId", "questionId"
  ON CONFLICT ("integrationId", "conversationId", "questionId") DO UPDATE SET
    "carrotUserId" = EXCLUDED."carrotUserId", "channel" = EXCLUDED."channel", "channelRaw" = EXCLUDED."channelRaw",
    "contactName" = EXCLUDED."contactName", "contactPhone" = EXCLUDED."contactPhone", "contactEmail" = EXCLUDED."contactEmail",
    "startedAt" = EXCLUDED."startedAt", "resolvedAt" = EXCLUDED."resolvedAt",
    "webhookReceivedAt" = COALESCE("Chat"."webhookReceivedAt", EXCLUDED."webhookReceivedAt"), "employeeId" = EXCLUDED."employeeId",
    "operatorName" = EXCLUDED."operatorName", "attributionKind" = EXCLUDED."attributionKind",
    "sessionExternalId" = EXCLUDED."sessionExternalId", "visitorSessionId" = EXCLUDED."visitorSessionId",
    "sessionVisitorId" = EXCLUDED."sessionVisitorId", "sessionStartedAt" = EXCLUDED."sessionStartedAt",
    "sessionLookup" = COALESCE(EXCLUDED."sessionLookup", "Chat"."sessionLookup"),
    "campaignId" = EXCLUDED."campaignId", "sourceId" = EXCLUDED."sourceId", "siteId" = EXCLUDED."siteId",
    "utmSource" = EXCLUDED."utmSource", "utmMedium" = EXCLUDED."utmMedium", "utmCampaign" = EXCLUDED."utmCampaign",
    "utmTerm" = EXCLUDED."utmTerm", "utmContent" = EXCLUDED."utmContent", "referrer" = EXCLUDED."referrer",
    "entrancePage" = EXCLUDED."entrancePage", "messagesCount" = EXCLUDED."messagesCount",
    "firstVisitorMessage" = EXCLUDED."firstVisitorMessage",
    "carrotUpdatedAt" = GREATEST(EXCLUDED."carrotUpdatedAt", "Chat"."carrotUpdatedAt"),
    "exportStatus" = COALESCE(EXCLUDED."exportStatus", "Chat"."exportStatus"),
    "exportError" = CASE WHEN EXCLUDED."exportStatus" IS NULL THEN "Chat"."exportError" END,
    "updatedAt" = EXCLUDED."updatedAt"
  RETURNING "id", "integrationId", "conversationId", "questionId"
),
written AS (
  SELECT input.ord, chat."id", input."accountId", input."tagId"
  FROM input JOIN chat ON chat."integrationId" = input."integrationId" AND chat."conversationId" = input."conversationId"
    AND chat."questionId" = input."questionId"
),
messages AS (
  INSERT INTO "ChatMessage" ("id", "chatId", "partId", "sentAt", "author", "partType", "operatorName", "operatorId", "text")
  SELECT gen_random_uuid(), written."id", m."partId", m."sentAt", m."author", m."partType", m."operatorName", m."operatorId", m."text"
  FROM jsonb_to_recordset($2::jsonb) AS m(ord int, "partId" text, "sentAt" timestamp(3), "author" "MessageAuthor", "partType" text, "operatorName" text, "operatorId" text, "text" text)
  JOIN written ON written.ord = m.ord
  ON CONFLICT ("chatId", "partId") DO NOTHING
),
tag AS (
  INSERT INTO "ChatTag" ("accountId", "chatId", "tagId")
  SELECT "accountId", "id", "tagId" FROM written WHERE "tagId" IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT ord, "id" FROM written`;
