import {
  CarrotQuestError,
  CarrotQuestErrorCode,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  pagePositionSchema,
  scanConversations,
  type IntegrationCarrotQuestAccess,
} from '@carrot-bridge/carrotquest';
import {
  failBackfillRun,
  finishBackfillRun,
  findIntegrationForImport,
  readBackfillState,
  recordBackfillProgress,
  type BackfillScanProgress,
  type Database,
} from '@carrot-bridge/db';
import { backfillEventId, type BackfillJobData, type ChatImportProducer } from '@carrot-bridge/queue';
import { BackfillInterruption, BackfillInterruptionCode } from './backfill-interruption';

export interface BackfillDeps {
  db: Database;
  carrotQuest: Pick<IntegrationCarrotQuestAccess, 'clientFor'>;
  producer: Pick<ChatImportProducer, 'enqueueBackfill' | 'pendingBackfill'>;
  /** Backfill jobs allowed to wait in Redis at once; the scan pauses above it (bounded memory, live traffic first). */
  maxPending?: number;
  pageSize?: number;
  /**
   * The longest 429 the scan waits out (DEFAULT_MAX_RATE_LIMIT_WAIT_MS unless said); a longer one puts
   * the job back in the queue for this long, its run still running, to resume from its cursor.
   */
  maxRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type BackfillOutcome =
  { status: 'done' | 'interrupted'; scanned: number; queued: number } | { status: 'skipped'; reason: string };

const DEFAULT_MAX_PENDING = 500;

/**
 * One integration's backfill run, as the console started it (BackfillState: period, cursor, counts).
 * Scans the app's conversations newest first (scanConversations, shared with the catch-up) from the
 * run's cursor down to the period's start — a conversation with a question started in the period cannot
 * have been updated before it began — and queues each conversation created by the period's end as the
 * import job a webhook makes, asking for the questions started in the period (event id
 * `backfill-<conversation>-<period>`: repeats and resumes add nothing twice, and the import skips
 * questions already stored), below live traffic. After each page it records the cursor and counts and reads the stop flag; a run cut
 * short (a stop, a worker stopping or dying) resumes from its cursor.
 */
export class BackfillUseCase {
  private stopping = false;

  constructor(private readonly deps: BackfillDeps) {}

  /** The process is stopping: each run ends after its current page and its job returns to the queue. */
  stopAll(): void {
    this.stopping = true;
  }

  async execute(job: BackfillJobData): Promise<BackfillOutcome> {
    const { db } = this.deps;
    const { integrationId } = job;
    const state = await readBackfillState(db, integrationId);
    if (!state || state.status !== 'running')
      return { status: 'skipped', reason: 'no backfill of this integration is running' };
    const { runId } = state;
    const progress: BackfillScanProgress = {
      cursor: state.cursor,
      scanned: state.scanned,
      queued: state.queued,
      fraction: state.fraction,
      newestUpdate: state.newestUpdate,
    };
    const end = async (status: 'done' | 'interrupted') => {
      await finishBackfillRun(db, integrationId, runId, { ...progress, status, error: null });
      return { status, scanned: progress.scanned, queued: progress.queued };
    };
    if (state.stopRequested) return end('interrupted');

    const fromSeconds = state.periodFrom.getTime() / 1000;
    const toSeconds = state.periodTo.getTime() / 1000;
    try {
      const integration = await findIntegrationForImport(db, integrationId);
      if (!integration || integration.deletedAt) throw new Error('the integration was deleted');
      const pages = scanConversations({
        client: this.deps.carrotQuest.clientFor(integration),
        floor: fromSeconds,
        position: state.cursor === null ? null : pagePositionSchema.parse(JSON.parse(state.cursor)),
        ...(this.deps.pageSize ? { pageSize: this.deps.pageSize } : {}),
        maxRateLimitWaitMs: this.maxRateLimitWaitMs(),
        ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
        backlog: {
          pending: () => this.deps.producer.pendingBackfill(),
          max: this.deps.maxPending ?? DEFAULT_MAX_PENDING,
        },
        interrupt: () => this.interruptWait(integrationId, runId),
      });
      for await (const page of pages) {
        for (const conversation of page.conversations) {
          progress.scanned += 1;
          progress.newestUpdate ??= conversation.lastUpdate;
          // A question started in the period can sit in a conversation opened years before it, and the
          // earlier questions of an open conversation are over: the import takes the period's questions.
          if (conversation.created <= toSeconds) {
            await this.deps.producer.enqueueBackfill({
              integrationId,
              conversationId: conversation.id,
              carrotUserId: conversation.userId,
              eventId: backfillEventId(conversation.id, { from: state.periodFrom, to: state.periodTo }),
              receivedAt: new Date(conversation.lastUpdate * 1000).toISOString(),
              questionsStartedWithin: { from: state.periodFrom.toISOString(), to: state.periodTo.toISOString() },
            });
            progress.queued += 1;
          }
          const span = Math.max(1, progress.newestUpdate - fromSeconds);
          progress.fraction = Math.min(
            1,
            Math.max(progress.fraction, (progress.newestUpdate - conversation.lastUpdate) / span),
          );
        }
        if (page.next === null) break;
        progress.cursor = JSON.stringify(page.next);
        const next = await recordBackfillProgress(db, integrationId, runId, progress);
        if (next === 'replaced')
          return { status: 'skipped', reason: 'a newer run of this integration replaced this one' };
        if (next === 'stop') return await end('interrupted');
        if (this.stopping)
          throw new BackfillInterruption(
            BackfillInterruptionCode.WorkerStopping,
            'the worker is stopping; the backfill resumes from its cursor',
          );
      }
    } catch (error) {
      if (error instanceof BackfillInterruption && error.code === BackfillInterruptionCode.StopRequested)
        return end('interrupted');
      // Progress up to the last page is recorded; the job goes back to the queue and resumes from there.
      if (error instanceof BackfillInterruption) throw error;
      if (error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited)
        throw new BackfillInterruption(
          BackfillInterruptionCode.RateLimited,
          `CarrotQuest asked to wait longer than ${this.maxRateLimitWaitMs()} ms; the backfill resumes from its cursor`,
          this.maxRateLimitWaitMs(),
          { cause: error },
        );
      await finishBackfillRun(db, integrationId, runId, {
        ...progress,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    progress.fraction = 1;
    return end('done');
  }

  /**
   * Ends the job's run as failed if it is still `running`: its job failed without the scan ending it
   * (BullMQ failed it for stalling too often). Only that run: a newer one of the integration is left
   * alone. Its cursor is kept: the same period resumes.
   */
  async failRun(job: BackfillJobData, reason: string): Promise<void> {
    await failBackfillRun(this.deps.db, job.integrationId, job.runId, `the backfill job failed: ${reason}`);
  }

  private maxRateLimitWaitMs(): number {
    return this.deps.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  }

  /** Asked before and during every wait of the scan (a 429, the backlog): a stop or the process stopping ends it. */
  private async interruptWait(integrationId: string, runId: string): Promise<void> {
    if (this.stopping)
      throw new BackfillInterruption(
        BackfillInterruptionCode.WorkerStopping,
        'the worker is stopping; the backfill resumes from its cursor',
      );
    const state = await readBackfillState(this.deps.db, integrationId);
    // A replaced run ends too (its end writes nothing: every write names its runId).
    if (!state || state.runId !== runId || state.stopRequested)
      throw new BackfillInterruption(BackfillInterruptionCode.StopRequested, 'stop requested while the scan waited');
  }
}
