import type { Redis } from 'ioredis';
import type { Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { CATCH_UP, CATCH_UP_TICK, type CatchUpScheduler, type RetryPolicy } from '@carrot-bridge/queue';
import { FanOutCatchUpUseCase } from './fan-out-catch-up.usecase';
import type { CatchUpOutcome, CatchUpUseCase } from './catch-up.usecase';
import { WorkerBase } from './worker-base';

export interface CatchUpWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  db: Database;
  scheduler: Pick<CatchUpScheduler, 'enqueueIntegration'>;
  useCase: Pick<CatchUpUseCase, 'execute'>;
  logger: Logger;
}

type CatchUpJob = { integrationId: string } | Record<string, never>;
type CatchUpResult = CatchUpOutcome | { integrations: number };

/** One attempt per job (the catalog's): a failed run is recorded by the use case and the next tick starts a fresh one. */
const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 };

/**
 * Wiring only: a `tick` goes to FanOutCatchUpUseCase (one catch-up job per active integration), an
 * `integration` job to CatchUpUseCase.
 */
export class CatchUpWorker extends WorkerBase<CatchUpJob, CatchUpResult> {
  constructor(options: CatchUpWorkerOptions) {
    const fanOut = new FanOutCatchUpUseCase(options.db, options.scheduler);
    super({
      label: 'catch-up',
      definitions: [CATCH_UP, CATCH_UP_TICK] as never,
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      retryPolicy: NO_RETRY,
      logger: options.logger,
      useCase: {
        execute: (data, job) => (job.name === CATCH_UP_TICK.name ? fanOut.execute() : options.useCase.execute((data as { integrationId: string }).integrationId)),
      },
      decide: (error) => ({ action: 'retry', code: 'catch_up_failed', reason: `catch-up failed; the next tick tries again: ${error instanceof Error ? error.message : String(error)}` }),
      describe: (data) => ('integrationId' in data ? { integrationId: data.integrationId } : {}),
    });
  }
}
