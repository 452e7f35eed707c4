import type { Redis } from 'ioredis';
import { PERSONAL_DATA_COMPACTION, RETENTION_SWEEP } from './job-catalog';
import { type JobProducerOptions } from './job-producer';
import { RepeatingTickScheduler } from './repeating-tick-scheduler';

// The personal-data queue (docs/personal-data.md): the daily retention sweep and the compaction after an
// erasure. Both jobs live in one queue, so one worker consumer serves them.

const SCHEDULER_ID = 'retention-sweep-daily';

/** How often the retention sweep runs. */
export const RETENTION_SWEEP_EVERY_MS = 24 * 60 * 60_000;

/** Erasures within one window share one compaction, which runs at the window's end. */
export const COMPACTION_WINDOW_MS = 60_000;

export class PersonalDataScheduler extends RepeatingTickScheduler {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(RETENTION_SWEEP.queue, redis, options, SCHEDULER_ID, RETENTION_SWEEP);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleRetentionDaily(everyMs: number = RETENTION_SWEEP_EVERY_MS): Promise<void> {
    await this.repeatTicks(everyMs);
  }

  /** A sweep now (operators, tests); none is added while one waits or runs (the fixed job id). */
  async sweepRetentionNow(): Promise<void> {
    await this.jobs.add(RETENTION_SWEEP, {});
  }

  /**
   * A compaction at the end of the current window: VACUUM and the append-only file's rewrite then see
   * every erasure of the window. `now` is the caller's clock (tests move it).
   */
  async requestCompaction(now: number = Date.now()): Promise<void> {
    const window = Math.floor(now / COMPACTION_WINDOW_MS);
    const delay = (window + 1) * COMPACTION_WINDOW_MS - now;
    await this.jobs.add(PERSONAL_DATA_COMPACTION, { window }, { delay });
  }
}
