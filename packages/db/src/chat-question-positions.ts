import type { Database } from './create-prisma-client';

/** Another question of the same conversation, as a link to it. */
export interface SiblingQuestion {
  id: string;
  startedAt: Date;
  /** 1-based place among the conversation's questions. */
  index: number;
}

/**
 * Where a chat stands in its conversation: a chat is one question (docs/questions.md), and the questions
 * of one conversation (same integration and conversation id) are ordered by their start, then id.
 */
export interface QuestionPosition {
  /** 1-based. */
  index: number;
  count: number;
  /** The conversation's other questions, in order (empty for a chat alone in its conversation). */
  siblings: SiblingQuestion[];
}

interface QuestionRow {
  id: string;
  integrationId: string;
  conversationId: string;
  startedAt: Date;
}

const conversationKey = (c: { integrationId: string; conversationId: string }) =>
  `${c.integrationId} ${c.conversationId}`;

/**
 * The position of each of `chats` among its conversation's questions, keyed by chat id: one query for
 * every conversation the chats belong to (the (integrationId, conversationId, questionId) unique index
 * serves it), never one per chat.
 */
export async function questionPositions(
  db: Database,
  accountId: string,
  chats: ReadonlyArray<{ integrationId: string; conversationId: string }>,
): Promise<Map<string, QuestionPosition>> {
  const conversations = new Map(chats.map((c) => [conversationKey(c), c]));
  if (conversations.size === 0) return new Map();
  const rows = await db.chat.findMany({
    where: {
      accountId,
      OR: [...conversations.values()].map((c) => ({
        integrationId: c.integrationId,
        conversationId: c.conversationId,
      })),
    },
    select: { id: true, integrationId: true, conversationId: true, startedAt: true },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
  });
  return positionsOfQuestions(rows);
}

/** The questions grouped by conversation, each given its place; `rows` come ordered by startedAt, id. */
export function positionsOfQuestions(rows: readonly QuestionRow[]): Map<string, QuestionPosition> {
  const byConversation = new Map<string, SiblingQuestion[]>();
  for (const row of rows) {
    const key = conversationKey(row);
    const questions = byConversation.get(key) ?? [];
    questions.push({ id: row.id, startedAt: row.startedAt, index: questions.length + 1 });
    byConversation.set(key, questions);
  }
  const positions = new Map<string, QuestionPosition>();
  for (const questions of byConversation.values())
    for (const question of questions)
      positions.set(question.id, {
        index: question.index,
        count: questions.length,
        siblings: questions.filter((q) => q.id !== question.id),
      });
  return positions;
}
