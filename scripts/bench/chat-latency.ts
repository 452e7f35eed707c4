// Webhook received -> chat committed, from the rows themselves: the ingress's receipt (carried by the
// job, stored as webhookReceivedAt) and the row's createdAt (the worker's commit; one clock, both written
// on this machine). `resolvedAt` is the question's end in CarrotQuest's parts, not a receipt.
import type { Database } from '@carrot-bridge/db';

export interface ChatLatency {
  /** Chats counted. */
  n: number;
  p50Ms: number;
  p99Ms: number;
  /** First webhook received and last chat committed of those chats (null when none). */
  firstReceived: Date | null;
  lastCommitted: Date | null;
}

const EVER = { from: new Date(0), to: new Date('9999-12-31T00:00:00Z') };

/**
 * Latency of the chats whose conversation ids lie in [from, to) (ids of one length, so text order is
 * number order) and whose webhook was received within `received`.
 */
export async function chatLatency(
  db: Database,
  ids: { from: number; to: number },
  received: { from: Date; to: Date } = EVER,
): Promise<ChatLatency> {
  const [row] = await db.$queryRaw<
    Array<{ n: bigint; p50: number | null; p99: number | null; first: Date | null; last: Date | null }>
  >`
    SELECT count(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "createdAt" - "webhookReceivedAt") * 1000) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "createdAt" - "webhookReceivedAt") * 1000) AS p99,
           min("webhookReceivedAt") AS first, max("createdAt") AS last
    FROM "Chat"
    WHERE "conversationId" >= ${String(ids.from)} AND "conversationId" < ${String(ids.to)}
      AND "webhookReceivedAt" >= ${received.from} AND "webhookReceivedAt" <= ${received.to}`;
  return {
    n: Number(row!.n),
    p50Ms: Math.round(Number(row!.p50 ?? 0)),
    p99Ms: Math.round(Number(row!.p99 ?? 0)),
    firstReceived: row!.first,
    lastCommitted: row!.last,
  };
}

/** Chats committed so far with conversation ids in [from, to). */
export async function committedChats(db: Database, ids: { from: number; to: number }): Promise<number> {
  return db.chat.count({ where: { conversationId: { gte: String(ids.from), lt: String(ids.to) } } });
}
