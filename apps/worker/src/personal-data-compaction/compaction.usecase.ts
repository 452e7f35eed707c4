import type { SqlRunner } from '@carrot-bridge/db';
import type { PersistenceRewrite } from '@carrot-bridge/queue';

/**
 * The tables an erasure or a retention sweep writes NULLs into or deletes from: VACUUM makes their dead
 * row versions (which still hold the erased values) free space that new rows overwrite.
 */
export const COMPACTED_TABLES = ['Chat', 'ChatMessage', 'VisitorSession', 'SessionLookup'] as const;

export interface CompactionDeps {
  /** Straight to the pool: VACUUM cannot run inside a transaction, each statement here is its own. */
  sql: SqlRunner;
  /** rewriteRedisPersistence: the append-only file and the snapshot, so erased keys leave Redis's files too. */
  rewriteRedisPersistence: () => Promise<PersistenceRewrite>;
}

/** What a compaction did: table names, durations and Redis's answer, nothing of the data. */
export interface CompactionOutcome {
  vacuumMs: Record<(typeof COMPACTED_TABLES)[number], number>;
  redis: PersistenceRewrite;
  redisMs: number;
}

/**
 * After erasures (docs/personal-data.md «What remains on disk after an erasure»): VACUUM each touched table, then rewrite Redis's
 * persistence. What stays regardless (WAL until recycled, backups) is the docs' to say.
 */
export class PersonalDataCompactionUseCase {
  constructor(private readonly deps: CompactionDeps) {}

  async execute(): Promise<CompactionOutcome> {
    const vacuumMs = {} as CompactionOutcome['vacuumMs'];
    for (const table of COMPACTED_TABLES) {
      const since = Date.now();
      // One statement per table, outside any transaction (VACUUM refuses one); names are ours, not input.
      // INDEX_CLEANUP ON: by default VACUUM skips the indexes when few pages hold dead rows (exactly one
      // person's erasure), which would leave the erased phones and e-mails in the indexes' entries.
      await this.deps.sql.rows(`VACUUM (INDEX_CLEANUP ON, ANALYZE false) "${table}"`, []);
      vacuumMs[table] = Date.now() - since;
    }
    const since = Date.now();
    const redis = await this.deps.rewriteRedisPersistence();
    return { vacuumMs, redis, redisMs: Date.now() - since };
  }
}
