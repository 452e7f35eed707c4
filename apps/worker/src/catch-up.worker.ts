import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { listCatchUpIntegrations, type Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { CATCH_UP_INTEGRATION_JOB, CATCH_UP_QUEUE, CATCH_UP_TICK_JOB, catchUpJobSchema, MAX_STALLED_COUNT, type CatchUpScheduler } from '@carrot-bridge/queue';
import type { CatchUpOutcome, CatchUpUseCase } from './catch-up.usecase';

export interface CatchUpWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  db: Database;
  scheduler: Pick<CatchUpScheduler, 'enqueueIntegration'>;
  useCase: Pick<CatchUpUseCase, 'execute'>;
  logger: Logger;
}

/**
 * Wiring only: a `tick` fans out one catch-up job per active integration; an `integration` job hands
 * its integration to CatchUpUseCase. A failed run is recorded by the use case and not retried: the next
 * tick starts a fresh one.
 */
export class CatchUpWorker {
  readonly worker: Worker<unknown, CatchUpOutcome | { integrations: number }>;

  constructor(private readonly options: CatchUpWorkerOptions) {
    this.worker = new Worker(CATCH_UP_QUEUE, (job) => this.process(job), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: false,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    this.worker.on('error', (error) => options.logger.error('catch-up worker connection error', { error: error.message }));
  }

  start(): void {
    void this.worker.run();
  }

  async close(): Promise<void> {
    await this.worker.close();
  }

  private async process(job: Job<unknown>): Promise<CatchUpOutcome | { integrations: number }> {
    if (job.name === CATCH_UP_TICK_JOB) {
      const integrations = await listCatchUpIntegrations(this.options.db);
      for (const integration of integrations) await this.options.scheduler.enqueueIntegration(integration.id);
      return { integrations: integrations.length };
    }
    if (job.name !== CATCH_UP_INTEGRATION_JOB) throw new Error(`unknown catch-up job "${job.name}"`);
    const { integrationId } = catchUpJobSchema.parse(job.data);
    try {
      const outcome = await this.options.useCase.execute(integrationId);
      this.options.logger.info('catch-up finished', { integrationId, ...outcome });
      return outcome;
    } catch (error) {
      this.options.logger.warn('catch-up failed; the next tick tries again', { integrationId, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }
}
