import {
  accountsWithRetention,
  eraseChatsPastRetention,
  recordRetentionRun,
  type AccountRetention,
  type Database,
  type SqlRunner,
} from '@carrot-bridge/db';
import { retentionCutoff } from '@carrot-bridge/domain';
import type { PersonalDataScheduler } from '@carrot-bridge/queue';

/** Chats one statement erases at most: short row locks, a run that stops keeps what it did. */
export const RETENTION_BATCH = 1000;

export interface RetentionSweepDeps {
  db: Database;
  /** The pool the chat store uses: each batch is one statement. */
  sql: SqlRunner;
  /** After anything was erased, VACUUM and the AOF rewrite follow (PERSONAL_DATA_COMPACTION). */
  compaction: Pick<PersonalDataScheduler, 'requestCompaction'>;
  /** The sweep's "now" (tests move it). */
  clock?: () => Date;
  batch?: number;
}

/** What a sweep did: ids and counts only, never anything of the chats. */
export interface RetentionSweepOutcome {
  accounts: number;
  /** Chats whose personal data this sweep erased, every account together. */
  erasedChats: number;
  erasedMessages: number;
  /** Accounts whose run failed (their RetentionState.lastError says why). */
  failedAccounts: string[];
  compactionRequested: boolean;
}

/** Several accounts failed; each one's RetentionState holds its error. */
export class RetentionSweepError extends Error {
  constructor(
    readonly failedAccounts: string[],
    readonly outcome: RetentionSweepOutcome,
  ) {
    super(`retention sweep failed for ${failedAccounts.length} account(s): ${failedAccounts.join(', ')}`);
    this.name = 'RetentionSweepError';
  }
}

/**
 * The daily retention sweep (docs/personal-data.md «Срок хранения»): for every account with a retention,
 * the chats that started before its cutoff lose their personal data, in batches, from where the previous
 * run stopped (RetentionState.erasedBefore). One account failing does not stop the others; the job
 * fails afterwards, so the failure shows in the queue too. Accounts without a retention are not touched
 * and get no state.
 */
export class RetentionSweepUseCase {
  private readonly clock: () => Date;
  private readonly batch: number;

  constructor(private readonly deps: RetentionSweepDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.batch = deps.batch ?? RETENTION_BATCH;
  }

  async execute(): Promise<RetentionSweepOutcome> {
    const accounts = await accountsWithRetention(this.deps.db);
    const outcome: RetentionSweepOutcome = {
      accounts: accounts.length,
      erasedChats: 0,
      erasedMessages: 0,
      failedAccounts: [],
      compactionRequested: false,
    };
    for (const account of accounts) {
      const erased = await this.sweepAccount(account);
      outcome.erasedChats += erased.chats;
      outcome.erasedMessages += erased.messages;
      if (erased.failed) outcome.failedAccounts.push(account.accountId);
    }
    // Erased rows stay on disk as dead tuples until VACUUM: compaction follows any erasure.
    if (outcome.erasedChats > 0) {
      await this.deps.compaction.requestCompaction();
      outcome.compactionRequested = true;
    }
    if (outcome.failedAccounts.length > 0) throw new RetentionSweepError(outcome.failedAccounts, outcome);
    return outcome;
  }

  /** One account: batches until a short one, then its RetentionState. */
  private async sweepAccount(account: AccountRetention) {
    const startedAt = this.clock();
    const cutoff = retentionCutoff(startedAt, account.days);
    // A longer retention than before moves the cutoff back: what is before the old mark is erased already.
    const reached =
      account.erasedBefore && account.erasedBefore.getTime() > cutoff.getTime() ? account.erasedBefore : cutoff;
    const erased = { chats: 0, messages: 0, failed: false };
    let error: string | null = null;
    try {
      for (;;) {
        const batch = await eraseChatsPastRetention(this.deps.sql, account.accountId, {
          from: account.erasedBefore,
          cutoff,
          at: startedAt,
          batch: this.batch,
        });
        erased.chats += batch.chats;
        erased.messages += batch.messages;
        // Until a batch finds nothing: a short batch may only mean that an erasure on request took
        // some of its chats meanwhile, and the range is marked done below.
        if (batch.chats === 0) break;
      }
    } catch (cause) {
      erased.failed = true;
      // Our own statement's error: it names tables and columns, never a value (the statement writes NULLs).
      error = (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
    }
    await recordRetentionRun(this.deps.db, account.accountId, {
      startedAt,
      finishedAt: this.clock(),
      erased: erased.chats,
      error,
      ...(error === null ? { erasedBefore: reached } : {}),
    });
    return erased;
  }
}
