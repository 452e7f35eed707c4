import type { BackfillStateRecord } from '@carrot-bridge/db';

/** An integration's backfill as the API, the page and `pnpm cq backfill` show it. */
export interface BackfillProgress {
  integrationId: string;
  from: string;
  to: string;
  /** `running` from the start until a worker ends the run (queued or scanning). */
  status: 'running' | 'interrupted' | 'done' | 'failed';
  /** A stop was asked for; the worker ends the run after its current page. */
  stopRequested: boolean;
  /** The `[last_update, id]` position after the last page read, exactly as CarrotQuest sent it: where a resumed run continues. */
  cursor: Array<number | string> | null;
  scanned: number;
  queued: number;
  /**
   * How far the scan is (0-1), by time: the list runs from the newest update back to the period's start,
   * so this is how much of [start, newest update seen] lies behind it.
   */
  fraction: number;
  /** `last_update` (unix s) of the newest conversation read: the top of the time the scan walks down. */
  newestUpdate: number | null;
  startedAt: string;
  updatedAt: string;
  error: string | null;
}

export function backfillProgress(state: BackfillStateRecord): BackfillProgress {
  return {
    integrationId: state.integrationId,
    from: state.periodFrom.toISOString(),
    to: state.periodTo.toISOString(),
    status: state.status,
    stopRequested: state.stopRequested,
    cursor: state.cursor === null ? null : (JSON.parse(state.cursor) as Array<number | string>),
    scanned: state.scanned,
    queued: state.queued,
    fraction: state.fraction,
    newestUpdate: state.newestUpdate,
    startedAt: state.startedAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
    error: state.error,
  };
}
