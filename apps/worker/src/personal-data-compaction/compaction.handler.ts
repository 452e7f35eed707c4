import type { PersonalDataCompactionJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import { retryDecision } from '../job-handler-parts';
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
    decide: retryDecision('compaction_failed', 'personal data compaction failed'),
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: 'personal data compacted',
      fields: { vacuumMs: outcome.vacuumMs, aof: outcome.redis.aof, rdb: outcome.redis.rdb, redisMs: outcome.redisMs },
    }),
  };
}
