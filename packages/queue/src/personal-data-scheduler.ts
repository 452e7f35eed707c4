import { PERSONAL_DATA_COMPACTION, RETENTION_SWEEP } from './job-catalog';
import { repeatingTickScheduler } from './repeating-tick-scheduler';

// The personal-data queue (docs/personal-data.md): the daily retention sweep and the compaction after an
// erasure. Both jobs live in one queue, so one worker consumer serves them.

/** How often the retention sweep runs. */
export const RETENTION_SWEEP_EVERY_MS = 24 * 60 * 60_000;

/** Erasures within one window share one compaction, which runs at the window's end. */
export const COMPACTION_WINDOW_MS = 60_000;

// The tick is the retention sweep itself (scheduleTicks daily, tick() now): nothing to fan out.
export class PersonalDataScheduler extends repeatingTickScheduler({
  schedulerId: 'retention-sweep-daily',
  job: RETENTION_SWEEP,
  everyMs: RETENTION_SWEEP_EVERY_MS,
}) {
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
