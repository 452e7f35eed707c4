import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { setIntegrationKeyStatus, type Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { CHAT_IMPORT_QUEUE, computeRetryDelay, MAX_STALLED_COUNT, type ChatImportJobData, chatImportJobSchema, type RetryPolicy } from '@carrot-bridge/queue';
import { decideFailure } from './decide-failure';
import type { ImportChatUseCase, ImportOutcome } from './import-chat.usecase';

export interface ChatImportWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryPolicy: RetryPolicy;
  maxRateLimitWaits: number;
  useCase: ImportChatUseCase;
  db: Database;
  logger: Logger;
  /** Observes every finished attempt (metrics); `code` is from a fixed set. */
  onAttempt?: (event: { outcome: 'completed' | 'skipped' | 'retry' | 'waiting' | 'failed'; code: string; durationMs: number }) => void;
}

/**
 * Wiring only: takes jobs from the chat-import queue, hands each to the use case, and applies the one
 * failure decision (decideFailure): retry with backoff, wait for a 429 without spending an attempt,
 * or give up for good (marking the integration's key invalid on 401/403).
 */
export class ChatImportWorker {
  readonly worker: Worker<ChatImportJobData, ImportOutcome>;

  constructor(private readonly options: ChatImportWorkerOptions) {
    this.worker = new Worker<ChatImportJobData, ImportOutcome>(CHAT_IMPORT_QUEUE, (job, token) => this.process(job, token), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: false,
      maxStalledCount: MAX_STALLED_COUNT,
      settings: { backoffStrategy: (attemptsMade) => computeRetryDelay(attemptsMade, options.retryPolicy) },
    });
    this.worker.on('failed', (job, error) => this.logFailure(job, error));
    this.worker.on('error', (error) => options.logger.error('worker connection error', { error: error.message }));
  }

  start(): void {
    void this.worker.run();
  }

  async close(): Promise<void> {
    // Lets in-flight jobs finish; jobs not finished in time are picked up again after their lock expires.
    await this.worker.close();
  }

  private async process(job: Job<ChatImportJobData, ImportOutcome>, token: string | undefined): Promise<ImportOutcome> {
    const started = Date.now();
    const data = chatImportJobSchema.safeParse(job.data);
    try {
      if (!data.success) throw data.error;
      const outcome = await this.options.useCase.execute(data.data);
      this.logOutcome(job, outcome, Date.now() - started);
      return outcome;
    } catch (error) {
      const decision = decideFailure(error);
      const context = this.context(job, Date.now() - started);
      switch (decision.action) {
        case 'wait': {
          const waits = (job.attemptsStarted ?? 0) - job.attemptsMade;
          if (waits <= this.options.maxRateLimitWaits && token) {
            this.options.logger.warn('job waits for CarrotQuest rate limit', { ...context, delayMs: decision.delayMs, reason: decision.reason });
            this.options.onAttempt?.({ outcome: 'waiting', code: decision.code, durationMs: context.durationMs });
            await job.moveToDelayed(Date.now() + decision.delayMs, token);
            throw new DelayedError();
          }
          this.attemptFailed(job, decision.code, context.durationMs);
          throw new Error(`${decision.reason} (waited ${waits} times already; now spending attempts)`);
        }
        case 'give-up':
          this.options.onAttempt?.({ outcome: 'failed', code: decision.code, durationMs: context.durationMs });
          if (decision.keyInvalid && data.success) {
            await setIntegrationKeyStatus(this.options.db, data.data.integrationId, 'invalid', decision.reason);
            this.options.useCase.forgetIntegration(data.data.integrationId);
          }
          throw new UnrecoverableError(decision.reason);
        case 'retry':
          this.attemptFailed(job, decision.code, context.durationMs);
          throw new Error(decision.reason);
      }
    }
  }

  /** A retryable failure: the job's last allowed attempt makes it a final failure. */
  private attemptFailed(job: Job<ChatImportJobData>, code: string, durationMs: number): void {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.options.onAttempt?.({ outcome: last ? 'failed' : 'retry', code, durationMs });
  }

  private context(job: Job<ChatImportJobData>, durationMs: number) {
    return {
      jobId: job.id,
      integrationId: job.data?.integrationId,
      conversationId: job.data?.conversationId,
      attempt: job.attemptsMade + 1,
      durationMs,
    };
  }

  private logOutcome(job: Job<ChatImportJobData>, outcome: ImportOutcome, durationMs: number): void {
    const context = this.context(job, durationMs);
    if (outcome.status === 'imported') {
      this.options.logger.info('chat imported', { ...context, chatId: outcome.chatId, attributionKind: outcome.attributionKind, channel: outcome.channel, messages: outcome.messages });
      this.options.onAttempt?.({ outcome: 'completed', code: outcome.attributionKind, durationMs });
    } else {
      this.options.logger.info('chat import skipped', { ...context, reason: outcome.reason });
      this.options.onAttempt?.({ outcome: 'skipped', code: outcome.code, durationMs });
    }
  }

  private logFailure(job: Job<ChatImportJobData> | undefined, error: Error): void {
    if (!job || error instanceof DelayedError || error.name === 'DelayedError') return;
    const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    const context = { ...this.context(job, job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : 0), attempt: job.attemptsMade, reason: error.message };
    if (final) this.options.logger.error('chat import failed for good', context);
    else this.options.logger.warn('chat import failed, will retry', context);
  }
}
