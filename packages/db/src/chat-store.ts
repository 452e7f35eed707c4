import DataLoader from 'dataloader';
import type { KnownVisitorSession } from '@carrot-bridge/domain';
import { GroupCommit } from './group-commit';
import type { SqlRunner } from './sql-runner';
import { findChatAttributions, upsertChats, type ChatAttributionRecord, type ChatKey, type ChatWrite } from './upsert-chat';
import { findVisitorSessions, type VisitorSessionKey } from './visitor-session-queries';

/** What importing a chat reads and writes in PostgreSQL. */
export interface ChatStore {
  /** The attribution the chat was imported with before, if it was. */
  previousAttribution(key: ChatKey): Promise<ChatAttributionRecord | null>;
  visitorSession(key: VisitorSessionKey): Promise<KnownVisitorSession | null>;
  /** Resolves with the chat's id once the chat, its messages and its tag are committed. */
  write(write: ChatWrite): Promise<string>;
}

export interface BatchedChatStoreOptions {
  /** Most chats in one statement. */
  maxBatch?: number;
  /** Write statements running at once (each holds one pool connection). */
  maxWritesInFlight?: number;
}

const chatKey = (c: ChatKey) => `${c.integrationId}\u0000${c.conversationId}`;

/**
 * The chat store of a worker process: the reads and writes of jobs running at the same time are grouped
 * into one statement each (DataLoader collects them, GroupCommit decides when a write batch goes), so
 * PostgreSQL commits once per batch instead of once per chat, and the worker makes one round trip
 * where it made fifty. Each job still resolves only when its own chat is committed. A batch the
 * database refuses is written again chat by chat, so one bad chat fails only its own job.
 */
export class BatchedChatStore implements ChatStore {
  private readonly commits: GroupCommit;
  private readonly lookups: GroupCommit;
  private readonly writes: DataLoader<ChatWrite, string>;
  private readonly attributions: DataLoader<ChatKey, ChatAttributionRecord | null>;
  private readonly sessions: DataLoader<VisitorSessionKey, KnownVisitorSession | null>;

  constructor(
    private readonly sql: SqlRunner,
    options: BatchedChatStoreOptions = {},
  ) {
    const maxBatchSize = options.maxBatch ?? 100;
    this.commits = new GroupCommit(options.maxWritesInFlight ?? 2);
    // cache: false — every load is a fresh read or a write of its own; DataLoader only batches.
    this.writes = new DataLoader((batch) => this.commits.run(() => this.writeBatch(batch)), { cache: false, maxBatchSize, batchScheduleFn: this.commits.schedule });
    // Reads go the same way, one at a time: while one is out, the next jobs' keys gather (a read per job
    // was, after the write, the worker's most frequent statement).
    this.lookups = new GroupCommit(1);
    this.attributions = new DataLoader((keys) => this.lookups.run(() => findChatAttributions(sql, keys)), { cache: false, maxBatchSize, batchScheduleFn: this.lookups.schedule });
    this.sessions = new DataLoader((keys) => this.lookups.run(() => findVisitorSessions(sql, keys)), { cache: false, maxBatchSize, batchScheduleFn: this.lookups.schedule });
  }

  previousAttribution(key: ChatKey): Promise<ChatAttributionRecord | null> {
    return this.attributions.load(key);
  }

  visitorSession(key: VisitorSessionKey): Promise<KnownVisitorSession | null> {
    return this.sessions.load(key);
  }

  write(write: ChatWrite): Promise<string> {
    return this.writes.load(write);
  }

  /** One statement per round of distinct conversations (a repeat waits for the next round). */
  private async writeBatch(batch: readonly ChatWrite[]): Promise<Array<string | Error>> {
    const results: Array<string | Error> = new Array(batch.length);
    let pending = batch.map((write, index) => ({ write, index }));
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round = pending.filter(({ write }) => !seen.has(chatKey(write.chat)) && seen.add(chatKey(write.chat)));
      pending = pending.filter((item) => !round.includes(item));
      try {
        const ids = await upsertChats(this.sql, round.map((r) => r.write));
        round.forEach((r, k) => (results[r.index] = ids[k]!));
      } catch (error) {
        if (round.length === 1) results[round[0]!.index] = asError(error);
        else for (const r of round) results[r.index] = await upsertChats(this.sql, [r.write]).then(([id]) => id!, asError);
      }
    }
    return results;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
