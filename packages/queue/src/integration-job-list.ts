import type { Job } from 'bullmq';
import { BACKFILL, CATCH_UP, CHAT_EXPORT, CHAT_IMPORT, SESSION_LOOKUP, type JobKind } from './job-catalog';

/**
 * The kinds of job that concern one integration («Задачи» on its page): its imports, exports, catch-up
 * and backfill (their payload names the integration), and its account's session lookups (their payload
 * names the account; the integration's chats wait for them).
 */
export type IntegrationJobKind = Extract<
  JobKind,
  'chatImport' | 'chatExport' | 'catchUp' | 'backfill' | 'sessionLookup'
>;

export const INTEGRATION_JOB_DEFINITIONS = {
  chatImport: CHAT_IMPORT,
  chatExport: CHAT_EXPORT,
  catchUp: CATCH_UP,
  backfill: BACKFILL,
  sessionLookup: SESSION_LOOKUP,
} as const;
export const INTEGRATION_JOB_KINDS = Object.keys(INTEGRATION_JOB_DEFINITIONS) as IntegrationJobKind[];

/** Whose jobs: the integration, and its account (for the account-wide session lookups). */
export interface IntegrationJobScope {
  integrationId: string;
  accountId: string;
}

/** Whether a job of `kind` belongs to `scope`: an integration's id or, for a session lookup, its account's. */
export function jobBelongsTo(kind: IntegrationJobKind, job: Job | undefined, scope: IntegrationJobScope): boolean {
  const data = job?.data as { integrationId?: unknown; accountId?: unknown } | undefined;
  if (!data) return false;
  return kind === 'sessionLookup' ? data.accountId === scope.accountId : data.integrationId === scope.integrationId;
}

export type IntegrationJobState = 'waiting' | 'retrying' | 'failed';

/** One job as the page lists it: no BullMQ object leaves this package. */
export interface IntegrationJobRow {
  id: string;
  kind: IntegrationJobKind;
  state: IntegrationJobState;
  /** The CarrotQuest conversation of an import; null for the other kinds. */
  conversationId: string | null;
  /** Attempts made so far, and allowed. */
  attempts: number;
  maxAttempts: number;
  /** When a retrying (or window-delayed) job is tried next (ISO); null when it waits its turn or failed. */
  nextAttemptAt: string | null;
  /** The worker's failure decision as kept on the job (English, or Russian for the export's own); null if none. */
  reason: string | null;
  /** When it failed for good (ISO); null otherwise. */
  failedAt: string | null;
  /** When it was queued (ISO). */
  createdAt: string;
}

export interface IntegrationJobList {
  /** Failed first, then retrying, then waiting; at most `limit` rows. */
  jobs: IntegrationJobRow[];
  counts: Record<IntegrationJobState, number>;
  /** True when more jobs matched than `jobs` holds. */
  truncated: boolean;
}

/** A delayed job that has run before waits for a retry; one that has not waits for its window. */
export function hasRun(job: Job): boolean {
  return job.attemptsMade > 0 || (job.attemptsStarted ?? 0) > 0;
}

export function rowOf(
  kind: IntegrationJobKind,
  job: Job,
  state: IntegrationJobState,
  nextAttemptAt: number | null,
): IntegrationJobRow {
  const data = job.data as { conversationId?: unknown };
  return {
    id: job.id!,
    kind,
    state,
    conversationId: kind === 'chatImport' && typeof data.conversationId === 'string' ? data.conversationId : null,
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString(),
    reason: job.failedReason || null,
    failedAt: state === 'failed' && job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    createdAt: new Date(job.timestamp).toISOString(),
  };
}

const STATE_ORDER: Record<IntegrationJobState, number> = { failed: 0, retrying: 1, waiting: 2 };

/** The page's order: what needs a look first (failed, newest first), then retries (soonest first), then the queue. */
export function pageOrder(a: IntegrationJobRow, b: IntegrationJobRow): number {
  if (a.state !== b.state) return STATE_ORDER[a.state] - STATE_ORDER[b.state];
  if (a.state === 'failed') return (b.failedAt ?? '').localeCompare(a.failedAt ?? '');
  if (a.state === 'retrying') return (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? '');
  return a.createdAt.localeCompare(b.createdAt);
}
