import type { JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

/** The tick job a scheduler repeats: its name and retention, from job-catalog.ts. */
export interface TickJob {
  name: string;
  retention: Required<Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>>;
}

/**
 * A queue client whose work is fanned out by a repeating tick (the catch-up, the catalog sync): one
 * BullMQ job scheduler per queue, under a fixed id, so every worker process upserting it at start-up
 * leaves one schedule.
 */
export abstract class RepeatingTickScheduler extends CatalogQueueClient {
  protected constructor(
    queueName: string,
    redis: Redis,
    options: JobProducerOptions,
    private readonly schedulerId: string,
    private readonly tickJob: TickJob,
  ) {
    super(queueName, redis, options);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  protected async repeatTicks(everyMs: number): Promise<void> {
    if (everyMs <= 0) {
      await this.jobs.queue.removeJobScheduler(this.schedulerId);
      return;
    }
    await this.jobs.queue.upsertJobScheduler(
      this.schedulerId,
      { every: everyMs },
      {
        name: this.tickJob.name,
        data: {},
        opts: {
          removeOnComplete: this.tickJob.retention.removeOnComplete,
          removeOnFail: this.tickJob.retention.removeOnFail,
        },
      },
    );
  }
}
