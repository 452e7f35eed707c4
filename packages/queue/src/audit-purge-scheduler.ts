import type { Redis } from 'ioredis';
import { AUDIT_PURGE } from './job-catalog';
import { type JobProducerOptions } from './job-producer';
import { RepeatingTickScheduler } from './repeating-tick-scheduler';

// The audit log is kept a year (docs/access.md «Audit log»): once a day a purge deletes what is older.

const SCHEDULER_ID = 'audit-purge-daily';

/** How often the audit log's old events are purged. */
export const AUDIT_PURGE_EVERY_MS = 24 * 60 * 60_000;

export class AuditPurgeScheduler extends RepeatingTickScheduler {
  constructor(redis: Redis, options: JobProducerOptions = {}) {
    super(AUDIT_PURGE.queue, redis, options, SCHEDULER_ID, AUDIT_PURGE);
  }

  /** Idempotent: every worker process says the same at start-up; 0 removes the schedule. */
  async scheduleDaily(everyMs: number = AUDIT_PURGE_EVERY_MS): Promise<void> {
    await this.repeatTicks(everyMs);
  }

  /** A purge now (operators, tests); none is added while one waits or runs (the fixed job id). */
  async purgeNow(): Promise<void> {
    await this.jobs.add(AUDIT_PURGE, {});
  }
}
