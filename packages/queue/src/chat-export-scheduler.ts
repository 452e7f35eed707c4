import type { Redis } from 'ioredis';
import { CHAT_EXPORT } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

/**
 * Chats imported within one window share one export job: the job id names the window, and BullMQ keeps
 * one job per id. The job runs just after its window closes, so every chat marked pending in the window
 * is in the database when it looks.
 */
export const EXPORT_BATCH_WINDOW_MS = 2_000;

/** Puts export jobs into Redis for the worker (after an import) and for operators (re-export). */
export class ChatExportScheduler extends CatalogQueueClient {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(CHAT_EXPORT.queue, redis, options);
  }

  async schedule(integrationId: string, now = Date.now()): Promise<void> {
    const window = Math.floor(now / EXPORT_BATCH_WINDOW_MS);
    const windowEnd = (window + 1) * EXPORT_BATCH_WINDOW_MS;
    await this.jobs.add(CHAT_EXPORT, { integrationId, window }, { delay: windowEnd - now + 50 });
  }
}
