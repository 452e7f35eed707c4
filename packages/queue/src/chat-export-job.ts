import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FAILED_JOB_RETENTION } from './retention';
import { DEFAULT_RETRY_POLICY, RETRY_BACKOFF_TYPE, type RetryPolicy } from './retry-policy';

// The chat-export job: "deliver this integration's pending chats to the CoMagic / UIS Data API".
// PostgreSQL holds what is pending (Chat.exportStatus); a job only says when to look, so one job
// delivers every chat that became pending in its window, 50 per Data API call.

export const CHAT_EXPORT_QUEUE = 'chat-export';
export const CHAT_EXPORT_JOB = 'export-chats';

export const chatExportJobSchema = z.object({ integrationId: z.uuid() });
export type ChatExportJobData = z.infer<typeof chatExportJobSchema>;

/**
 * Chats imported within one window share one export job: the job id names the window, and BullMQ
 * keeps one job per id. The job runs just after its window closes, so every chat marked pending in the
 * window is in the database when it looks.
 */
export const EXPORT_BATCH_WINDOW_MS = 2_000;

export function chatExportJobId(integrationId: string, now: number): string {
  return `export-${integrationId}-${Math.floor(now / EXPORT_BATCH_WINDOW_MS)}`;
}

/** Puts export jobs into Redis for the worker (after an import) and for operators (re-export). */
export class ChatExportScheduler {
  readonly queue: Queue<ChatExportJobData>;

  constructor(
    redis: Redis,
    private readonly options: { prefix?: string; retryPolicy?: RetryPolicy } = {},
  ) {
    this.queue = new Queue<ChatExportJobData>(CHAT_EXPORT_QUEUE, { connection: redis, prefix: options.prefix ?? 'cb' });
    this.queue.on('error', () => undefined);
  }

  async schedule(integrationId: string, now = Date.now()): Promise<void> {
    const data = chatExportJobSchema.parse({ integrationId });
    const policy = this.options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    const windowEnd = (Math.floor(now / EXPORT_BATCH_WINDOW_MS) + 1) * EXPORT_BATCH_WINDOW_MS;
    await this.queue.add(CHAT_EXPORT_JOB, data, {
      jobId: chatExportJobId(integrationId, now),
      delay: windowEnd - now + 50,
      attempts: policy.attempts,
      backoff: { type: RETRY_BACKOFF_TYPE, delay: policy.baseDelayMs },
      // A finished window's job is only a trigger; the chats' export status is the record.
      removeOnComplete: true,
      removeOnFail: FAILED_JOB_RETENTION,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
