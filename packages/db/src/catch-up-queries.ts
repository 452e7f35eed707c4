import type { Database } from './create-prisma-client';

// The hourly catch-up's bookkeeping: which integrations take part, where each one's last run stopped
// reading (the watermark), and how that run went, for the status panel and `pnpm cq status`.

export interface CatchUpStateRecord {
  watermark: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastScanned: number;
  lastQueued: number;
  lastError: string | null;
}

/** Integrations whose chats are imported: active, not deleted, with a key CarrotQuest has not refused. */
export async function listCatchUpIntegrations(
  db: Database,
): Promise<Array<{ id: string; accountId: string; createdAt: Date }>> {
  return db.carrotQuestIntegration.findMany({
    where: { active: true, deletedAt: null, keyStatus: { not: 'invalid' } },
    select: { id: true, accountId: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
}

export async function readCatchUpState(db: Database, integrationId: string): Promise<CatchUpStateRecord | null> {
  return db.catchUpState.findUnique({
    where: { integrationId },
    select: {
      watermark: true,
      lastStartedAt: true,
      lastFinishedAt: true,
      lastScanned: true,
      lastQueued: true,
      lastError: true,
    },
  });
}

export async function recordCatchUpStart(
  db: Database,
  accountId: string,
  integrationId: string,
  at: Date,
): Promise<void> {
  await db.catchUpState.upsert({
    where: { integrationId },
    create: { integrationId, accountId, lastStartedAt: at },
    update: { lastStartedAt: at },
  });
}

/** A finished run: the watermark only ever moves forward (a run that saw nothing newer keeps it). */
export async function recordCatchUpEnd(
  db: Database,
  integrationId: string,
  run: { finishedAt: Date; scanned: number; queued: number; error: string | null; watermark: Date | null },
): Promise<void> {
  const previous = await readCatchUpState(db, integrationId);
  const watermark =
    run.watermark && (!previous?.watermark || run.watermark > previous.watermark)
      ? run.watermark
      : (previous?.watermark ?? null);
  await db.catchUpState.update({
    where: { integrationId },
    data: {
      lastFinishedAt: run.finishedAt,
      lastScanned: run.scanned,
      lastQueued: run.queued,
      lastError: run.error?.slice(0, 500) ?? null,
      watermark,
    },
  });
}

/**
 * The `last_update` each of these conversations had when it was last imported (absent: never imported),
 * so that a catch-up fetches again only what changed: the newest over its questions, since an import
 * writes only the questions that are new or changed.
 */
export async function findImportedUpdateTimes(
  db: Database,
  integrationId: string,
  conversationIds: readonly string[],
): Promise<Map<string, Date | null>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.chat.groupBy({
    by: ['conversationId'],
    where: { integrationId, conversationId: { in: [...conversationIds] } },
    _max: { carrotUpdatedAt: true },
  });
  return new Map(rows.map((row) => [row.conversationId, row._max.carrotUpdatedAt]));
}
