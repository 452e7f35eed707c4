import type { Prisma } from './generated/prisma/client';
import type { Database } from './create-prisma-client';
import { VISIT_FIELDS } from './visit-fields';
import { questionPositions, type QuestionPosition } from './chat-question-positions';
import { chatListPageSql, decodeChatCursor, encodeChatCursor, type ChatListFilters } from './chat-list-sql';

export type { QuestionPosition, SiblingQuestion } from './chat-question-positions';
export * from './chat-list-sql';

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

/** A chat's tags as the console shows them: the tags themselves, not the join rows. */
function withFlatTags<T extends { tags: Array<{ tag: { id: string; name: string } }> }>(
  chat: T,
): Omit<T, 'tags'> & { tags: Array<{ id: string; name: string }> } {
  return { ...chat, tags: chat.tags.map((t) => t.tag) };
}

/** A chat alone in its conversation: what a chat the positions query did not see (deleted meanwhile) shows. */
const ONLY_QUESTION: QuestionPosition = { index: 1, count: 1, siblings: [] };

/**
 * One page of the account's chats, newest *started* first (keyset paging on startedAt, id: the cursor is
 * where the previous page ended), each with its place among its conversation's questions. Throws
 * InvalidChatCursor for a cursor this list did not give out (the API checks it first).
 */
export async function listChatsOfAccount(db: Database, accountId: string, f: ChatListFilters) {
  const after = f.cursor ? decodeChatCursor(f.cursor) : null;
  if (f.cursor && !after) throw new InvalidChatCursor();
  const ids = await db.$queryRaw<Array<{ id: string; startedAt: Date }>>(chatListPageSql(accountId, f, after));
  const pageIds = ids.slice(0, f.limit);
  const rows = await db.chat.findMany({
    where: { accountId, id: { in: pageIds.map((r) => r.id) } },
    select: CHAT_VIEW,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A chat deleted between the two reads is left out rather than shown half.
  const page = pageIds.flatMap((r) => byId.get(r.id) ?? []);
  const positions = await questionPositions(db, accountId, page);
  const chats = page.map((chat) => ({ ...withFlatTags(chat), question: positions.get(chat.id) ?? ONLY_QUESTION }));
  const last = pageIds.at(-1);
  return { chats, nextCursor: ids.length > f.limit && last ? encodeChatCursor(last) : null };
}

/** A page cursor that is not one the list gave out (malformed or edited). */
export class InvalidChatCursor extends Error {
  constructor() {
    super('invalid chat list cursor');
  }
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
