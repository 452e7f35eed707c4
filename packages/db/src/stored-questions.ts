import type { SqlRunner } from './sql-runner';
import type { ChatAttributionRecord } from './upsert-chat';

/** A conversation of an integration: the chats (questions) stored for it are read together. */
export interface ConversationKey {
  integrationId: string;
  conversationId: string;
}

/** A question already stored: what a new import of its conversation compares with and keeps. */
export interface StoredQuestion extends ChatAttributionRecord {
  chatId: string;
  /** null: a chat stored before chats were questions, holding the whole conversation. */
  questionId: string | null;
  startedAt: Date;
  /** The CarrotQuest part ids of its stored messages (internal notes are never stored). */
  partIds: string[];
  /** Those of them stored as removed in CarrotQuest (their texts are not kept). */
  removedPartIds: string[];
  /** Set: the chat's personal data were erased (docs/personal-data.md); an import never writes them again. */
  personalDataErasedAt: Date | null;
  personalDataErasure: 'request' | 'retention' | null;
  exportStatus: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  sessionExternalId: string | null;
  sessionVisitorId: string | null;
  sessionStartedAt: Date | null;
}

/**
 * The stored questions of many conversations in one statement, in the order of `keys`, each list oldest
 * question first.
 */
export async function findStoredQuestions(
  sql: SqlRunner,
  keys: readonly ConversationKey[],
): Promise<StoredQuestion[][]> {
  const rows = await sql.rows<StoredQuestion & { ord: number }>(
    `SELECT k.ord, c."id" AS "chatId", c."questionId", c."startedAt", c."exportStatus",
       c."contactName", c."contactPhone", c."contactEmail",
       c."sessionExternalId", c."sessionVisitorId", c."sessionStartedAt",
       c."attributionKind", c."visitorSessionId", c."campaignId", c."sourceId", c."siteId",
       c."utmSource", c."utmMedium", c."utmCampaign", c."utmTerm", c."utmContent", c."referrer", c."entrancePage",
       c."personalDataErasedAt", c."personalDataErasure",
       ARRAY(SELECT m."partId" FROM "ChatMessage" m WHERE m."chatId" = c."id") AS "partIds",
       ARRAY(SELECT m."partId" FROM "ChatMessage" m WHERE m."chatId" = c."id" AND m."removedAt" IS NOT NULL) AS "removedPartIds"
     FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS k("integrationId", "conversationId", ord)
     JOIN "Chat" c ON c."integrationId" = k."integrationId" AND c."conversationId" = k."conversationId"
     ORDER BY k.ord, c."startedAt", c."id"`,
    [keys.map((k) => k.integrationId), keys.map((k) => k.conversationId)],
  );
  const found: StoredQuestion[][] = keys.map(() => []);
  for (const { ord, ...row } of rows)
    found[Number(ord) - 1]!.push({
      ...row,
      startedAt: new Date(row.startedAt),
      sessionStartedAt: row.sessionStartedAt ? new Date(row.sessionStartedAt) : null,
      personalDataErasedAt: row.personalDataErasedAt ? new Date(row.personalDataErasedAt) : null,
    });
  return found;
}

/**
 * Makes a chat stored before chats were questions the conversation's first question: it keeps its id,
 * attribution and export state, and gives up the messages of the later questions (they become chats of
 * their own). Only while it is still unclaimed: of two imports racing, one claims it. Returns whether
 * this call did.
 */
export async function claimWholeConversationChat(
  sql: SqlRunner,
  claim: { chatId: string; questionId: string; keepPartIds: readonly string[] },
): Promise<boolean> {
  const rows = await sql.rows<{ id: string }>(
    `WITH claimed AS (
       UPDATE "Chat" SET "questionId" = $2, "updatedAt" = now()
       WHERE "id" = $1::uuid AND "questionId" IS NULL
       RETURNING "id"
     ), dropped AS (
       DELETE FROM "ChatMessage" m USING claimed
       WHERE m."chatId" = claimed."id" AND NOT (m."partId" = ANY($3::text[]))
     )
     SELECT "id" FROM claimed`,
    [claim.chatId, claim.questionId, [...claim.keepPartIds]],
  );
  return rows.length === 1;
}
