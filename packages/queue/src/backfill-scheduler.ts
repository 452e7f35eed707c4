import type { Redis } from 'ioredis';
import { BACKFILL, backfillJobId, type BackfillJobData } from './job-catalog';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

/** How long `enqueue` waits for the job of a run that just ended to leave Redis. */
const PREVIOUS_JOB_WAIT_MS = 5_000;

/** Puts backfill runs into Redis for the worker (console, `pnpm cq backfill`). */
export class BackfillScheduler extends CatalogQueueClient {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(BACKFILL.queue, redis, options);
  }

  /** Whether the integration's backfill job waits or runs (its fixed id is in the queue). */
  async isScheduled(integrationId: string): Promise<boolean> {
    const state = await this.jobs.queue.getJobState(backfillJobId(integrationId));
    return state !== 'unknown' && state !== 'completed' && state !== 'failed';
  }

  /**
   * Queues the run. The job id is fixed per integration and BullMQ keeps one job per id, so while the
   * job of a run that has just recorded its end is still leaving Redis, adding is a no-op: add again
   * until the job in Redis is this run's.
   */
  async enqueue(data: BackfillJobData): Promise<void> {
    const deadline = Date.now() + PREVIOUS_JOB_WAIT_MS;
    for (;;) {
      await this.jobs.add(BACKFILL, data);
      const job = await this.jobs.queue.getJob(backfillJobId(data.integrationId));
      if (job?.data?.runId === data.runId) return;
      if (Date.now() > deadline)
        throw new Error(`the backfill job of integration ${data.integrationId} belongs to another run`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
