import type { Prisma } from './generated/prisma/client';
import type { Database } from './create-prisma-client';
import type { AttributionKind, ChatChannel } from './generated/prisma/enums';
import { VISIT_FIELDS } from './visit-fields';
import { questionPositions, type QuestionPosition } from './chat-question-positions';

export type { QuestionPosition, SiblingQuestion } from './chat-question-positions';

const CHAT_VIEW = {
  id: true,
  integrationId: true,
  conversationId: true,
  channel: true,
  channelRaw: true,
  contactName: true,
  contactPhone: true,
  contactEmail: true,
  startedAt: true,
  resolvedAt: true,
  operatorName: true,
  attributionKind: true,
  sessionExternalId: true,
  ...VISIT_FIELDS,
  messagesCount: true,
  firstVisitorMessage: true,
  exportStatus: true,
  exportError: true,
  exportRemoteId: true,
  exportedAt: true,
  createdAt: true,
  // The site tells apart the same-named campaigns of two sites («Посетители без рекламной кампании»).
  campaign: { select: { id: true, name: true, site: { select: { domain: true } } } },
  source: { select: { id: true, name: true } },
  site: { select: { id: true, domain: true } },
  employee: { select: { id: true, name: true } },
  tags: { select: { tag: { select: { id: true, name: true } } } },
} as const satisfies Prisma.ChatSelect;

export interface ChatListFilters {
  /** Created at or after. */
  from?: Date | undefined;
  /** Created before. */
  to?: Date | undefined;
  integrationId?: string | undefined;
  channel?: ChatChannel | undefined;
  attributionKind?: AttributionKind | undefined;
  campaignId?: string | undefined;
  sourceId?: string | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/** A chat's tags as the console shows them: the tags themselves, not the join rows. */
function withFlatTags<T extends { tags: Array<{ tag: { id: string; name: string } }> }>(
  chat: T,
): Omit<T, 'tags'> & { tags: Array<{ id: string; name: string }> } {
  return { ...chat, tags: chat.tags.map((t) => t.tag) };
}

/** A chat alone in its conversation: what a chat the positions query did not see (deleted meanwhile) shows. */
const ONLY_QUESTION: QuestionPosition = { index: 1, count: 1, siblings: [] };

/**
 * One page of the account's chats, newest first (keyset paging on createdAt, id), each with its place
 * among its conversation's questions (one more query for the whole page).
 */
export async function listChatsOfAccount(db: Database, accountId: string, f: ChatListFilters) {
  const where: Prisma.ChatWhereInput = {
    accountId,
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.integrationId ? { integrationId: f.integrationId } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.attributionKind ? { attributionKind: f.attributionKind } : {}),
    ...(f.campaignId ? { campaignId: f.campaignId } : {}),
    ...(f.sourceId ? { sourceId: f.sourceId } : {}),
  };
  const rows = await db.chat.findMany({
    where,
    select: CHAT_VIEW,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, f.limit);
  const positions = await questionPositions(db, accountId, page);
  const chats = page.map((chat) => ({ ...withFlatTags(chat), question: positions.get(chat.id) ?? ONLY_QUESTION }));
  return { chats, nextCursor: rows.length > f.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * One chat of the account with its transcript in order and its place among its conversation's
 * questions; null when the account has no such chat.
 */
export async function findChatOfAccount(db: Database, accountId: string, chatId: string) {
  const chat = await db.chat.findFirst({
    where: { id: chatId, accountId },
    select: {
      ...CHAT_VIEW,
      messages: {
        orderBy: [{ sentAt: 'asc' }, { partId: 'asc' }],
        select: { partId: true, sentAt: true, author: true, operatorName: true, text: true, partType: true },
      },
    },
  });
  if (!chat) return null;
  const positions = await questionPositions(db, accountId, [chat]);
  return { ...withFlatTags(chat), question: positions.get(chat.id) ?? ONLY_QUESTION };
}

/** Whether `chatId` is a chat of the account: what a page cursor must be. */
export async function chatBelongsToAccount(db: Database, accountId: string, chatId: string): Promise<boolean> {
  return (await db.chat.count({ where: { id: chatId, accountId } })) > 0;
}
