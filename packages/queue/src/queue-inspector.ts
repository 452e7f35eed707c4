import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { pingRedis } from './redis-connection';
import {
  CATALOG_QUEUES,
  CHAT_EXPORT,
  CHAT_IMPORT,
  type ChatExportJobData,
  type ChatImportJobData,
} from './job-catalog';
import {
  hasRun,
  INTEGRATION_JOB_DEFINITIONS,
  INTEGRATION_JOB_KINDS,
  jobBelongsTo,
  pageOrder,
  rowOf,
  type IntegrationJobKind,
  type IntegrationJobList,
  type IntegrationJobRow,
  type IntegrationJobScope,
} from './integration-job-list';

/** What a retry of one job by its id came to. */
export type JobRetryOutcome = 'retried' | 'not-found' | 'not-failed';

/**
 * «Задачи»: one integration's jobs of one queue by state, the same view for imports and exports (and the
 * page-for-every-day's jobs list).
 */
export interface IntegrationJobs {
  /** Waiting their turn (an export's batching window included) or running now. */
  waiting: number;
  /** Delayed after a failed attempt (or a wait the remote side asked for): tried again at `nextTryAt`. */
  retrying: number;
  /** Failed for good (kept for replay or inspection). */
  failed: number;
  /** The newest failure of a job still in the queue: a retrying job's last attempt, else the last failed job. */
  lastError: JobError | null;
  /** When the earliest retrying job is tried again (ISO); null when none retries. */
  nextTryAt: string | null;
}

export interface JobError {
  jobId: string | undefined;
  /** The failure decision's reason, as the worker kept it on the job. */
  reason: string;
  /** When the job failed for good (ISO); null for a retrying job (BullMQ keeps no time of a retried attempt). */
  at: string | null;
  /** Attempts made so far, and allowed. */
  attempts: number;
  maxAttempts: number;
  /** True when the job failed for good, false while it retries. */
  final: boolean;
}

export interface ImportJobsSummary extends IntegrationJobs {
  lastFailures: Array<{ jobId: string | undefined; conversationId: string; reason: string; at: string | null }>;
}

function errorOf(job: Job, final: boolean): JobError {
  return {
    jobId: job.id,
    reason: job.failedReason,
    at: final && job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    final,
  };
}

/** The bound on status-panel scans: a status panel, not a report. */
const SCAN_FAILED = 500;
const SCAN_WAITING = 1_000;
const REPLAY_PAGE = 500;

/**
 * Looking into the queues without handing BullMQ objects to the apps: counts for metrics, an
 * integration's import and export jobs by state for the status panel («Задачи»), replaying its failed imports, and the
 * queues Bull Board shows. Reads fail (reject) when Redis is down: callers say "unknown", never "0".
 */
export class QueueInspector {
  private readonly queues: Map<string, Queue>;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.queues = new Map(
      CATALOG_QUEUES.map((name) => [name, new Queue(name, { connection: redis, prefix: options.prefix ?? 'cb' })]),
    );
    for (const queue of this.queues.values()) queue.on('error', () => undefined);
  }

  private get imports(): Queue<ChatImportJobData> {
    return this.queues.get(CHAT_IMPORT.queue)! as Queue<ChatImportJobData>;
  }

  private get exports(): Queue<ChatExportJobData> {
    return this.queues.get(CHAT_EXPORT.queue)! as Queue<ChatExportJobData>;
  }

  /** Jobs of the chat-import queue by state (metrics). */
  async importCounts(states: string[]): Promise<Record<string, number>> {
    return this.imports.getJobCounts(...(states as Parameters<Queue['getJobCounts']>));
  }

  /** Jobs of the chat-export queue by state (metrics). */
  async exportCounts(states: string[]): Promise<Record<string, number>> {
    return this.exports.getJobCounts(...(states as Parameters<Queue['getJobCounts']>));
  }

  async importJobsOf(integrationId: string): Promise<ImportJobsSummary> {
    const { jobs, failedJobs } = await this.jobsOf(this.imports, integrationId);
    return {
      ...jobs,
      lastFailures: failedJobs.slice(0, 5).map((job) => ({
        jobId: job.id,
        conversationId: job.data.conversationId,
        reason: job.failedReason,
        at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }

  /** The integration's export jobs (one per batching window) by state, with the last error and the next try. */
  async exportJobsOf(integrationId: string): Promise<IntegrationJobs> {
    return (await this.jobsOf(this.exports, integrationId)).jobs;
  }

  private async jobsOf<T extends { integrationId: string }>(
    queue: Queue<T>,
    integrationId: string,
  ): Promise<{ jobs: IntegrationJobs; failedJobs: Job<T>[] }> {
    const mine = (jobs: Array<Job<T> | undefined>) =>
      jobs.filter((job): job is Job<T> => job?.data?.integrationId === integrationId);
    const [failed, queued, delayed] = await Promise.all([
      queue.getFailed(0, SCAN_FAILED - 1).then(mine),
      queue.getJobs(['waiting', 'active', 'prioritized'], 0, SCAN_WAITING - 1).then(mine),
      queue.getDelayed(0, SCAN_WAITING - 1).then(mine),
    ]);
    // A delayed job that has run before waits for a retry (BullMQ moves a retried or waiting job to
    // delayed); one that has not waits for its export window.
    const { retrying, nextTries } = await this.stillRetrying(queue, delayed.filter(hasRun));
    const nextTry = Math.min(...nextTries);
    const retryErrors = retrying
      .filter((job) => job.failedReason)
      .sort((a, b) => (b.processedOn ?? 0) - (a.processedOn ?? 0));
    const newestRetry = retryErrors[0];
    const newestFailed = failed[0];
    const lastError = newestRetry ? errorOf(newestRetry, false) : newestFailed ? errorOf(newestFailed, true) : null;
    return {
      jobs: {
        // A job moving from delayed to active between the two reads is in both: counted once.
        waiting: new Set([...queued, ...delayed].map((job) => job.id)).size - retrying.length,
        retrying: retrying.length,
        failed: failed.length,
        lastError,
        nextTryAt: Number.isFinite(nextTry) ? new Date(nextTry).toISOString() : null,
      },
      failedJobs: failed,
    };
  }

  /**
   * The delayed jobs that have run and still wait in the delayed set, with when each is due. BullMQ reads
   * a list's ids, then each job's hash, one by one: a window's job that started in between reads as run
   * (attemptsStarted 1, no failedReason) though it is active; one that failed in between reads without
   * the reason it now has. So a job is counted only if the delayed set still holds it after the read,
   * and one without a reason is read again.
   */
  private async stillRetrying<T>(
    queue: Queue<T>,
    candidates: Job<T>[],
  ): Promise<{ retrying: Job<T>[]; nextTries: number[] }> {
    const dueAt = await this.delayedUntil(queue, candidates);
    const delayedStill = candidates.flatMap((job, i) => (dueAt[i] === null ? [] : [{ job, at: dueAt[i]! }]));
    const retrying = await Promise.all(
      delayedStill.map(async ({ job }) => (job.failedReason ? job : ((await queue.getJob(job.id!)) ?? job))),
    );
    return { retrying, nextTries: delayedStill.map(({ at }) => at) };
  }

  /** When each delayed job is due: its score in the delayed set is the due time × 0x1000 (BullMQ's getDelayedScore). */
  private async delayedUntil(queue: Queue, jobs: Job[]): Promise<Array<number | null>> {
    if (jobs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const job of jobs) pipeline.zscore(queue.keys.delayed!, job.id!);
    const answers = (await pipeline.exec()) ?? [];
    return answers.map(([error, score]) => (error || score === null ? null : Math.floor(Number(score) / 0x1000)));
  }

  private queueOf(kind: IntegrationJobKind): Queue {
    return this.queues.get(INTEGRATION_JOB_DEFINITIONS[kind].queue)!;
  }

  /**
   * «Задачи»: the integration's waiting, retrying and failed jobs of every kind that concerns it (its
   * account's session lookups too), the ones needing a look first, at most `limit` rows; the counts are of
   * every job found (each queue's scan is bounded as the status panel's is).
   */
  async listJobsOf(scope: IntegrationJobScope, limit = 100): Promise<IntegrationJobList> {
    const perKind = await Promise.all(INTEGRATION_JOB_KINDS.map((kind) => this.rowsOf(kind, scope)));
    const rows = perKind.flat().sort(pageOrder);
    const count = (state: IntegrationJobRow['state']) => rows.filter((row) => row.state === state).length;
    return {
      jobs: rows.slice(0, limit),
      counts: { waiting: count('waiting'), retrying: count('retrying'), failed: count('failed') },
      truncated: rows.length > limit,
    };
  }

  private async rowsOf(kind: IntegrationJobKind, scope: IntegrationJobScope): Promise<IntegrationJobRow[]> {
    const queue = this.queueOf(kind);
    const name = INTEGRATION_JOB_DEFINITIONS[kind].name;
    const mine = (jobs: Array<Job | undefined>) =>
      jobs.filter((job): job is Job => job?.name === name && jobBelongsTo(kind, job, scope));
    const [failed, queued, delayed] = await Promise.all([
      queue.getFailed(0, SCAN_FAILED - 1).then(mine),
      queue.getJobs(['waiting', 'active', 'prioritized'], 0, SCAN_WAITING - 1).then(mine),
      queue.getDelayed(0, SCAN_WAITING - 1).then(mine),
    ]);
    const dueAt = await this.delayedUntil(queue, delayed);
    const rows = [
      ...failed.map((job) => rowOf(kind, job, 'failed', null)),
      ...delayed.map((job, i) =>
        rowOf(kind, job, hasRun(job) && dueAt[i] != null ? 'retrying' : 'waiting', dueAt[i] ?? null),
      ),
      ...queued.map((job) => rowOf(kind, job, 'waiting', null)),
    ];
    // A job that moved between the three reads is in two lists: one row, the one that needs a look first.
    const seen = new Set<string>();
    return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
  }

  /**
   * Puts one failed job of the scope back in the queue. A job of another integration or account is
   * `not-found`, as an unknown id is: ids of others are never confirmed.
   */
  async retryJobOf(scope: IntegrationJobScope, jobId: string): Promise<JobRetryOutcome> {
    for (const kind of INTEGRATION_JOB_KINDS) {
      const job = await this.queueOf(kind).getJob(jobId);
      if (!job || job.name !== INTEGRATION_JOB_DEFINITIONS[kind].name || !jobBelongsTo(kind, job, scope)) continue;
      if (!(await job.isFailed())) return 'not-failed';
      await job.retry('failed');
      return 'retried';
    }
    return 'not-found';
  }

  /** Puts every failed job of the scope, of every kind, back in the queue (each kind's work is idempotent). */
  async retryFailedOf(scope: IntegrationJobScope): Promise<number> {
    let replayed = 0;
    for (const kind of INTEGRATION_JOB_KINDS) {
      const queue = this.queueOf(kind);
      const name = INTEGRATION_JOB_DEFINITIONS[kind].name;
      // Each retried job leaves the failed set, so the next page starts where this one's survivors end.
      let kept = 0;
      for (;;) {
        const page = await queue.getFailed(kept, kept + REPLAY_PAGE - 1);
        if (page.length === 0) break;
        for (const job of page) {
          if (job?.name === name && jobBelongsTo(kind, job, scope)) {
            await job.retry('failed');
            replayed += 1;
          } else kept += 1;
        }
        if (page.length < REPLAY_PAGE) break;
      }
    }
    return replayed;
  }

  /** The catalog's queues, for Bull Board (the one place BullMQ objects leave this package). */
  boardQueues(): Queue[] {
    return [...this.queues.values()];
  }

  async ping(): Promise<boolean> {
    return pingRedis(this.redis);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
