import type { PersonalDataCompactionJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import type { CompactionOutcome, PersonalDataCompactionUseCase } from './compaction.usecase';

/**
 * The compaction after erasures: retried with the configured backoff (a VACUUM that met a lock timeout
 * or Redis that was away); it repeats nothing harmful.
 */
export function personalDataCompactionHandler(
  useCase: Pick<PersonalDataCompactionUseCase, 'execute'>,
): JobHandler<PersonalDataCompactionJobData, CompactionOutcome> {
  return {
    label: 'personal data compaction',
    execute: () => useCase.execute(),
    describe: (data) => ({ window: data.window }),
    decide: (error) => ({
      action: 'retry',
      code: 'compaction_failed',
      reason: `personal data compaction failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: 'personal data compacted',
      fields: { vacuumMs: outcome.vacuumMs, aof: outcome.redis.aof, rdb: outcome.redis.rdb, redisMs: outcome.redisMs },
    }),
  };
}
