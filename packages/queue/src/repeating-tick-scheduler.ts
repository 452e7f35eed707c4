import type { Redis } from 'ioredis';
import type { JobDefinition } from './job-definition';
import { CatalogQueueClient, type JobProducerOptions } from './job-producer';

/** What a repeating tick is: its job (name and retention from job-catalog.ts) and its schedule. */
export interface RepeatingTick {
  /** The BullMQ job scheduler's id: fixed, so every worker process upserting it leaves one schedule. */
  schedulerId: string;
  job: JobDefinition<Record<string, never>>;
  /** The period when start-up names none (catch-up's comes from configuration). */
  everyMs?: number;
}

/**
 * A queue client whose work is started by a repeating tick (the catch-up, the catalog sync, the audit
 * purge, the retention sweep): one BullMQ job scheduler per queue under a fixed id, and a tick on demand.
 * The queue is the tick job's own. Made with `repeatingTickScheduler(tick)`, which gives each scheduler
 * its `(redis, options)` constructor.
 */
export abstract class RepeatingTickScheduler extends CatalogQueueClient {
  protected constructor(
    private readonly repeating: RepeatingTick,
    redis: Redis,
    options: JobProducerOptions,
  ) {
    super(repeating.job.queue, redis, options);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleTicks(everyMs: number | undefined = this.repeating.everyMs): Promise<void> {
    if (everyMs === undefined) throw new Error(`${this.repeating.schedulerId}: no period given`);
    const { schedulerId, job } = this.repeating;
    if (everyMs <= 0) {
      await this.jobs.queue.removeJobScheduler(schedulerId);
      return;
    }
    await this.jobs.queue.upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      {
        name: job.name,
        data: {},
        opts: { removeOnComplete: job.retention.removeOnComplete, removeOnFail: job.retention.removeOnFail },
      },
    );
  }

  /** A tick now (operators, tests); none is added while one with the job's fixed id waits or runs. */
  async tick(): Promise<void> {
    await this.jobs.add(this.repeating.job, {});
  }
}

/** The base of one tick's scheduler: `class X extends repeatingTickScheduler({...}) { its own jobs }`. */
export function repeatingTickScheduler(repeating: RepeatingTick) {
  return class extends RepeatingTickScheduler {
    constructor(redis: Redis, options: JobProducerOptions = {}) {
      super(repeating, redis, options);
    }
  };
}
