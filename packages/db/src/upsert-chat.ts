import type { TranscriptMessage } from '@carrot-bridge/domain';
import type { Database } from './create-prisma-client';
import { VISIT_FIELDS } from './visit-fields';
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
  carrotUserId: string;
  channel: ChatChannel;
  channelRaw: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  startedAt: Date;
  resolvedAt: Date | null;
  employeeId: string | null;
  operatorName: string | null;
  sessionExternalId: string | null;
  messagesCount: number;
  firstVisitorMessage: string | null;
  /** The conversation's `last_update` as read for this import. */
  carrotUpdatedAt: Date | null;
}

/** A message as the transcript rule reads it (packages/domain), stored as it is. */
export type ChatMessageRecord = TranscriptMessage;

const ATTRIBUTION_FIELDS = {
  attributionKind: true,
  visitorSessionId: true,
  campaignId: true,
  sourceId: true,
  siteId: true,
  ...VISIT_FIELDS,
} as const;

/** The attribution a chat was first imported with, if it was imported before. */
export async function findChatAttribution(db: Database, integrationId: string, conversationId: string): Promise<ChatAttributionRecord | null> {
  return db.chat.findUnique({ where: { integrationId_conversationId: { integrationId, conversationId } }, select: ATTRIBUTION_FIELDS });
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Writes the chat, its messages and its tag in ONE SQL statement (a data-modifying CTE), so the write is
 * atomic without an interactive transaction and costs one round trip. Idempotent: the chat is an
 * INSERT ... ON CONFLICT (integration, conversation) DO UPDATE, messages and the tag are inserted with
 * ON CONFLICT DO NOTHING, so replays and concurrent imports of one conversation add nothing twice.
 * Raw SQL because the profile said so: with Prisma's query compiler, compiling a fresh `createMany` plan
 * per message count cost more CPU than PostgreSQL spent on the write (BENCHMARKS.md, before/after).
 * Timestamps are sent as UTC ISO strings into `timestamp(3)` columns, exactly as Prisma stores DateTime.
 */
export async function upsertChat(db: Database, chat: ChatRecord, messages: readonly ChatMessageRecord[], tagId: string | null): Promise<{ chatId: string }> {
  const c = chat;
  const messagesJson = JSON.stringify(messages.map((m) => ({ ...m, sentAt: m.sentAt.toISOString() })));
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH chat AS (
      INSERT INTO "Chat" ("id", "accountId", "integrationId", "conversationId", "carrotUserId", "channel", "channelRaw",
        "contactName", "contactPhone", "contactEmail", "startedAt", "resolvedAt", "employeeId", "operatorName",
        "attributionKind", "sessionExternalId", "visitorSessionId", "campaignId", "sourceId", "siteId",
        "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer", "entrancePage",
        "messagesCount", "firstVisitorMessage", "carrotUpdatedAt", "updatedAt")
      VALUES (gen_random_uuid(), ${c.accountId}::uuid, ${c.integrationId}::uuid, ${c.conversationId}, ${c.carrotUserId}, ${c.channel}::"ChatChannel", ${c.channelRaw},
        ${c.contactName}, ${c.contactPhone}, ${c.contactEmail}, ${iso(c.startedAt)}::timestamp(3), ${iso(c.resolvedAt)}::timestamp(3), ${c.employeeId}::uuid, ${c.operatorName},
        ${c.attributionKind}::"AttributionKind", ${c.sessionExternalId}, ${c.visitorSessionId}::uuid, ${c.campaignId}::uuid, ${c.sourceId}::uuid, ${c.siteId}::uuid,
        ${c.utmSource}, ${c.utmMedium}, ${c.utmCampaign}, ${c.utmTerm}, ${c.utmContent}, ${c.referrer}, ${c.entrancePage},
        ${c.messagesCount}::int, ${c.firstVisitorMessage}, ${iso(c.carrotUpdatedAt)}::timestamp(3), ${new Date().toISOString()}::timestamp(3))
      ON CONFLICT ("integrationId", "conversationId") DO UPDATE SET
        "carrotUserId" = EXCLUDED."carrotUserId", "channel" = EXCLUDED."channel", "channelRaw" = EXCLUDED."channelRaw",
        "contactName" = EXCLUDED."contactName", "contactPhone" = EXCLUDED."contactPhone", "contactEmail" = EXCLUDED."contactEmail",
        "startedAt" = EXCLUDED."startedAt", "resolvedAt" = EXCLUDED."resolvedAt", "employeeId" = EXCLUDED."employeeId",
        "operatorName" = EXCLUDED."operatorName", "attributionKind" = EXCLUDED."attributionKind",
        "sessionExternalId" = EXCLUDED."sessionExternalId", "visitorSessionId" = EXCLUDED."visitorSessionId",
        "campaignId" = EXCLUDED."campaignId", "sourceId" = EXCLUDED."sourceId", "siteId" = EXCLUDED."siteId",
        "utmSource" = EXCLUDED."utmSource", "utmMedium" = EXCLUDED."utmMedium", "utmCampaign" = EXCLUDED."utmCampaign",
        "utmTerm" = EXCLUDED."utmTerm", "utmContent" = EXCLUDED."utmContent", "referrer" = EXCLUDED."referrer",
        "entrancePage" = EXCLUDED."entrancePage", "messagesCount" = EXCLUDED."messagesCount",
        "firstVisitorMessage" = EXCLUDED."firstVisitorMessage",
        "carrotUpdatedAt" = GREATEST(EXCLUDED."carrotUpdatedAt", "Chat"."carrotUpdatedAt"), "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "id"
    ),
    messages AS (
      INSERT INTO "ChatMessage" ("id", "chatId", "partId", "sentAt", "author", "partType", "operatorName", "text")
      SELECT gen_random_uuid(), chat."id", m."partId", m."sentAt"::timestamp(3), m."author"::"MessageAuthor", m."partType", m."operatorName", m."text"
      FROM chat, jsonb_to_recordset(${messagesJson}::jsonb) AS m("partId" text, "sentAt" text, "author" text, "partType" text, "operatorName" text, "text" text)
      ON CONFLICT ("chatId", "partId") DO NOTHING
    ),
    tag AS (
      INSERT INTO "ChatTag" ("accountId", "chatId", "tagId")
      SELECT ${c.accountId}::uuid, chat."id", ${tagId}::uuid FROM chat WHERE ${tagId}::uuid IS NOT NULL
      ON CONFLICT DO NOTHING
    )
    SELECT "id" FROM chat`;
  return { chatId: rows[0]!.id };
}
