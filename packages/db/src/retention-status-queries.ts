import type { Database } from './create-prisma-client';

// The retention line of the status panel and `pnpm cq status`: the account's «Срок хранения переписки»
// and how its daily sweep last went. Read-only; the sweep writes RetentionState (apps/worker/src/retention).

export interface RetentionStatus {
  /** Account.retentionDays: null = chats are kept for ever. */
  days: number | null;
  /** The last sweep of this account; null before its first run (and for an account without retention). */
  lastRun: { startedAt: Date | null; finishedAt: Date | null; erased: number; error: string | null } | null;
}

/** The retention of the account an integration belongs to (a status is asked for by integration). */
export async function retentionStatusOfAccount(db: Database, accountId: string): Promise<RetentionStatus> {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: {
      retentionDays: true,
      retention: { select: { lastStartedAt: true, lastFinishedAt: true, lastErased: true, lastError: true } },
    },
  });
  const state = account?.retention ?? null;
  return {
    days: account?.retentionDays ?? null,
    lastRun: state
      ? {
          startedAt: state.lastStartedAt,
          finishedAt: state.lastFinishedAt,
          erased: state.lastErased,
          error: state.lastError,
        }
      : null,
  };
}
