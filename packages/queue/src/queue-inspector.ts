import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pingRedis } from './redis-connection';
import { CATALOG_QUEUES, CHAT_IMPORT, type ChatImportJobData } from './job-catalog';

export interface ImportJobsSummary {
  waiting: number;
  failed: number;
  lastFailures: Array<{ jobId: string | undefined; conversationId: string; reason: string; at: string | null }>;
}

/** The bound on status-panel scans: a status panel, not a report. */
const SCAN_FAILED = 500;
const SCAN_WAITING = 1_000;
const REPLAY_PAGE = 500;

/**
 * Looking into the queues without handing BullMQ objects to the apps: counts for metrics, an
 * integration's waiting and failed imports for the status panel, replaying its failed imports, and the
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

  /** Jobs of the chat-import queue by state (metrics). */
  async importCounts(states: string[]): Promise<Record<string, number>> {
    return this.imports.getJobCounts(...(states as Parameters<Queue['getJobCounts']>));
  }

  async importJobsOf(integrationId: string): Promise<ImportJobsSummary> {
    const [failed, waiting] = await Promise.all([
      this.imports.getFailed(0, SCAN_FAILED - 1),
      this.imports.getJobs(['waiting', 'delayed', 'active', 'prioritized'], 0, SCAN_WAITING - 1),
    ]);
    const mine = failed.filter((job) => job?.data?.integrationId === integrationId);
    return {
      waiting: waiting.filter((job) => job?.data?.integrationId === integrationId).length,
      failed: mine.length,
      lastFailures: mine.slice(0, 5).map((job) => ({
        jobId: job.id,
        conversationId: job.data.conversationId,
        reason: job.failedReason,
        at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }

  /** Puts every failed import of the integration back in the queue (imports are idempotent). */
  async replayFailedImports(integrationId: string): Promise<number> {
    let replayed = 0;
    for (let start = 0; ; start += REPLAY_PAGE) {
      const page = await this.imports.getFailed(start, start + REPLAY_PAGE - 1);
      if (page.length === 0) break;
      for (const job of page) {
        if (job?.data?.integrationId !== integrationId) continue;
        await job.retry('failed');
        replayed += 1;
      }
      if (page.length < REPLAY_PAGE) break;
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
