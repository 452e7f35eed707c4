import type { Database } from './create-prisma-client';
import { VISIT_FIELDS } from './visit-fields';
import { Prisma } from './generated/prisma/client';
import type { AttributionKind, ChatChannel, MessageAuthor } from './generated/prisma/enums';

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
}

export interface ChatMessageRecord {
  partId: string;
  sentAt: Date;
  author: MessageAuthor;
  partType: string;
  operatorName: string | null;
  text: string | null;
}

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

const MAX_CONFLICT_RETRIES = 3;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Writes the chat, its messages and its tag in one short transaction (no network call inside it).
 * Idempotent: the chat is an INSERT ... ON CONFLICT DO UPDATE on (integration, conversation) — the
 * `update` is never empty, which is what makes Prisma emit ON CONFLICT instead of select-then-insert —
 * and messages and tags are inserted with ON CONFLICT DO NOTHING, so replays add nothing twice.
 * A unique violation can still surface from concurrent first inserts of messages; it is retried.
 */
export async function upsertChat(db: Database, chat: ChatRecord, messages: readonly ChatMessageRecord[], tagId: string | null): Promise<{ chatId: string }> {
  const { accountId, integrationId, conversationId, ...fields } = chat;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const row = await tx.chat.upsert({
          where: { integrationId_conversationId: { integrationId, conversationId } },
          create: { accountId, integrationId, conversationId, ...fields },
          update: fields,
          select: { id: true },
        });
        if (messages.length > 0) {
          await tx.chatMessage.createMany({ data: messages.map((m) => ({ ...m, chatId: row.id })), skipDuplicates: true });
        }
        if (tagId) {
          await tx.chatTag.createMany({ data: [{ accountId, chatId: row.id, tagId }], skipDuplicates: true });
        }
        return { chatId: row.id };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
