import { Prisma } from './generated/prisma/client';
import type { BackfillStatus } from './generated/prisma/enums';
import type { Database } from './create-prisma-client';

// An integration's backfill (one run at a time): the console claims a run and may ask it to stop; the
// worker's scan records its cursor and counts after every page and how the run ended. Every write of a
// run names its runId, so a run that was replaced can never overwrite its successor.

export interface BackfillStateRecord {
  integrationId: string;
  accountId: string;
  runId: string;
  periodFrom: Date;
  periodTo: Date;
  status: BackfillStatus;
  stopRequested: boolean;
  /** JSON text of the `[last_update, id]` position after the last page read. */
  cursor: string | null;
  scanned: number;
  queued: number;
  fraction: number;
  newestUpdate: number | null;
  startedAt: Date;
  updatedAt: Date;
  error: string | null;
}

export interface BackfillScanProgress {
  cursor: string | null;
  scanned: number;
  queued: number;
  fraction: number;
  newestUpdate: number | null;
}

export async function readBackfillState(db: Database, integrationId: string): Promise<BackfillStateRecord | null> {
  return db.backfillState.findUnique({ where: { integrationId } });
}

export interface BackfillClaim {
  accountId: string;
  integrationId: string;
  runId: string;
  from: Date;
  to: Date;
  now: Date;
  /** The runId of a `running` run whose job is known to be gone: it may be replaced. */
  replacing?: string;
}

/**
 * Claims the integration's one backfill run: null while another run is `running` (unless it is the
 * one being replaced). Atomic across processes: the update only matches the row as it was read, and
 * a concurrent first insert loses on the primary key. The same period as a run that did not finish
 * resumes from its cursor and counts; any other period starts afresh.
 */
export async function claimBackfillRun(db: Database, claim: BackfillClaim): Promise<BackfillStateRecord | null> {
  const { integrationId, runId, from, to, now } = claim;
  const previous = await readBackfillState(db, integrationId);
  const resumable =
    previous !== null &&
    previous.periodFrom.getTime() === from.getTime() &&
    previous.periodTo.getTime() === to.getTime() &&
    previous.status !== 'done';
  const run = { runId, periodFrom: from, periodTo: to, status: 'running' as const, stopRequested: false, error: null };
  const fresh = { ...run, cursor: null, scanned: 0, queued: 0, fraction: 0, newestUpdate: null, startedAt: now };
  if (!previous) {
    try {
      return await db.backfillState.create({ data: { integrationId, accountId: claim.accountId, ...fresh } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }
  if (previous.status === 'running' && previous.runId !== claim.replacing) return null;
  const { count } = await db.backfillState.updateMany({
    where: { integrationId, runId: previous.runId, status: previous.status },
    data: resumable ? run : fresh,
  });
  return count === 1 ? readBackfillState(db, integrationId) : null;
}

/** Asks the running run to stop after its current page; answers the state as it is now (null: no backfill ever). */
export async function requestBackfillStop(db: Database, integrationId: string): Promise<BackfillStateRecord | null> {
  await db.backfillState.updateMany({ where: { integrationId, status: 'running' }, data: { stopRequested: true } });
  return readBackfillState(db, integrationId);
}

/**
 * The scan's progress after a page. Answers whether a stop was asked for, or `replaced` when this run is
 * no longer the integration's run (its writes then stop).
 */
export async function recordBackfillProgress(
  db: Database,
  integrationId: string,
  runId: string,
  progress: BackfillScanProgress,
): Promise<'go-on' | 'stop' | 'replaced'> {
  try {
    const row = await db.backfillState.update({
      where: { integrationId, runId },
      data: progress,
      select: { stopRequested: true },
    });
    return row.stopRequested ? 'stop' : 'go-on';
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return 'replaced';
    throw error;
  }
}

/** How a run ended, with its last progress; a replaced run writes nothing. */
export async function finishBackfillRun(
  db: Database,
  integrationId: string,
  runId: string,
  end: BackfillScanProgress & { status: Exclude<BackfillStatus, 'running'>; error: string | null },
): Promise<void> {
  await db.backfillState.updateMany({
    where: { integrationId, runId },
    data: { ...end, error: end.error?.slice(0, 500) ?? null, stopRequested: false },
  });
}

/**
 * Ends a run that is still `running` as failed, keeping its progress (a resume of the same period
 * starts from its cursor): its job could not be queued, or its job was failed without the scan ending
 * it (stalled too often). A replaced or already ended run is left as it is.
 */
export async function failBackfillRun(
  db: Database,
  integrationId: string,
  runId: string,
  error: string,
): Promise<void> {
  await db.backfillState.updateMany({
    where: { integrationId, runId, status: 'running' },
    data: { status: 'failed', error: error.slice(0, 500), stopRequested: false },
  });
}
