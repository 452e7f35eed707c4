import type { Database } from './create-prisma-client';
import type { SqlRunner } from './sql-runner';

// The retention sweep's side of «Срок хранения переписки» (docs/personal-data.md); the setting itself and
// what the console shows of the last run are personal-data-queries.ts (getRetentionSettings, setRetentionDays).

/** An account the sweep visits: its retention and where its previous run stopped. */
export interface AccountRetention {
  accountId: string;
  days: number;
  /** Every chat that started before this is erased already; null: nothing swept yet. */
  erasedBefore: Date | null;
}

/** Every account with a retention set, in id order (a sweep visits them one after another). */
export async function accountsWithRetention(db: Database): Promise<AccountRetention[]> {
  const accounts = await db.account.findMany({
    where: { retentionDays: { not: null } },
    select: { id: true, retentionDays: true, retention: { select: { erasedBefore: true } } },
    orderBy: { id: 'asc' },
  });
  return accounts.map((a) => ({
    accountId: a.id,
    days: a.retentionDays!,
    erasedBefore: a.retention?.erasedBefore ?? null,
  }));
}

export interface RetentionBatch {
  /** The range's start (inclusive); null: from the first chat. */
  from: Date | null;
  /** The range's end (exclusive): chats that started before it are past the retention. */
  cutoff: Date;
  /** The erasure's time (personalDataErasedAt). */
  at: Date;
  /** Chats one statement erases at most. */
  batch: number;
}

/**
 * Erases the personal data of up to `batch` of the account's chats that started in [from, cutoff) and
 * are not erased yet, in ONE statement (a data-modifying CTE, so a batch is atomic without an interactive
 * transaction): contacts, first message, export error (the Data API echoes refused values),
 * the tracker's visitor id and every message text go; the row and the messages' rows stay, so the report
 * and the import's part-id comparison do not change. "updatedAt" is left alone on purpose: the status
 * panel's «последний отказ» orders failed chats by it, and an old refusal must not look like today's.
 * Returns how many chats and messages this batch erased: none means the range is done.
 */
export async function eraseChatsPastRetention(
  sql: SqlRunner,
  accountId: string,
  range: RetentionBatch,
): Promise<{ chats: number; messages: number }> {
  const [row] = await sql.rows<{ chats: number; messages: number }>(ERASE_BATCH_SQL, [
    accountId,
    range.from ? range.from.toISOString() : null,
    range.cutoff.toISOString(),
    range.at.toISOString(),
    range.batch,
  ]);
  return { chats: row?.chats ?? 0, messages: row?.messages ?? 0 };
}

// Timestamps go in as UTC ISO strings into timestamp(3) columns, exactly as Prisma stores DateTime.
// The UPDATE checks "personalDataErasedAt" again: a chat an erasure on request took meanwhile keeps its
// cause. Oldest first, so a run that stops half-way has erased a prefix of the range.
const ERASE_BATCH_SQL = `
WITH picked AS (
  SELECT "id" FROM "Chat"
  WHERE "accountId" = $1::uuid
    AND ($2::timestamp(3) IS NULL OR "startedAt" >= $2::timestamp(3))
    AND "startedAt" < $3::timestamp(3)
    AND "personalDataErasedAt" IS NULL
  ORDER BY "startedAt", "id"
  LIMIT $5
),
chats AS (
  UPDATE "Chat" SET
    "contactName" = NULL, "contactPhone" = NULL, "contactEmail" = NULL, "firstVisitorMessage" = NULL,
    "exportError" = NULL, "sessionVisitorId" = NULL,
    "personalDataErasedAt" = $4::timestamp(3), "personalDataErasure" = 'retention'
  FROM picked
  WHERE "Chat"."id" = picked."id" AND "Chat"."personalDataErasedAt" IS NULL
  RETURNING "Chat"."id"
),
messages AS (
  UPDATE "ChatMessage" SET "text" = NULL
  FROM chats
  WHERE "ChatMessage"."chatId" = chats."id" AND "ChatMessage"."text" IS NOT NULL
  RETURNING 1
)
SELECT (SELECT count(*) FROM chats)::int AS chats, (SELECT count(*) FROM messages)::int AS messages`;

/** How one account's sweep went. */
export interface RetentionRun {
  startedAt: Date;
  finishedAt: Date;
  /** Chats this run erased. */
  erased: number;
  /** Why the run stopped (no personal data: an error of our own statements); null when it finished. */
  error: string | null;
  /** The cutoff the run reached; left as it was when the run failed (the next one sweeps from there). */
  erasedBefore?: Date;
}

/** The account's last run, for the status panel and `pnpm cq status` (RetentionState). */
export async function recordRetentionRun(db: Database, accountId: string, run: RetentionRun): Promise<void> {
  const fields = {
    lastStartedAt: run.startedAt,
    lastFinishedAt: run.finishedAt,
    lastErased: run.erased,
    lastError: run.error,
    ...(run.erasedBefore ? { erasedBefore: run.erasedBefore } : {}),
  };
  await db.retentionState.upsert({ where: { accountId }, create: { accountId, ...fields }, update: fields });
}
