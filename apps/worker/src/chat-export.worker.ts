import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { setIntegrationExportError, type Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { CHAT_EXPORT_QUEUE, chatExportJobSchema, computeRetryDelay, MAX_STALLED_COUNT, type ChatExportJobData, type RetryPolicy } from '@carrot-bridge/queue';
import { decideExportFailure } from './decide-export-failure';
import type { ExportChatsUseCase, ExportRunOutcome } from './export-chats.usecase';

export interface ChatExportWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryPolicy: RetryPolicy;
  useCase: ExportChatsUseCase;
  db: Database;
  logger: Logger;
}

/**
 * Wiring only: takes export jobs, hands each to ExportChatsUseCase, and applies decideExportFailure:
 * wait out spent limits without spending an attempt, record a refusal of the whole integration on it
 * and stop, or retry with backoff.
 */
export class ChatExportWorker {
  readonly worker: Worker<ChatExportJobData, ExportRunOutcome>;

  constructor(private readonly options: ChatExportWorkerOptions) {
    this.worker = new Worker<ChatExportJobData, ExportRunOutcome>(CHAT_EXPORT_QUEUE, (job, token) => this.process(job, token), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: false,
      maxStalledCount: MAX_STALLED_COUNT,
      settings: { backoffStrategy: (attemptsMade) => computeRetryDelay(attemptsMade, options.retryPolicy) },
    });
    this.worker.on('error', (error) => options.logger.error('export worker connection error', { error: error.message }));
  }

  start(): void {
    void this.worker.run();
  }

  async close(): Promise<void> {
    await this.worker.close();
  }

  private async process(job: Job<ChatExportJobData, ExportRunOutcome>, token: string | undefined): Promise<ExportRunOutcome> {
    const data = chatExportJobSchema.safeParse(job.data);
    const context = { jobId: job.id, integrationId: job.data?.integrationId, attempt: job.attemptsMade + 1 };
    try {
      if (!data.success) throw data.error;
      const outcome = await this.options.useCase.execute(data.data);
      this.options.logger.info('chat export finished', { ...context, ...outcome });
      return outcome;
    } catch (error) {
      const decision = decideExportFailure(error);
      switch (decision.action) {
        case 'wait':
          if (!token) throw new Error(decision.reason);
          this.options.logger.warn('chat export waits for Data API limits', { ...context, delayMs: decision.delayMs });
          await job.moveToDelayed(Date.now() + decision.delayMs, token);
          throw new DelayedError();
        case 'give-up':
          this.options.logger.error('chat export stopped', { ...context, reason: decision.reason });
          if (decision.keyInvalid && data.success) await setIntegrationExportError(this.options.db, data.data.integrationId, decision.reason);
          throw new UnrecoverableError(decision.reason);
        case 'retry':
          this.options.logger.warn('chat export failed, will retry', { ...context, reason: decision.reason });
          throw new Error(decision.reason);
      }
    }
  }
}
