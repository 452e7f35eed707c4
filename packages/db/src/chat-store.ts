import { RoundTripBatcher } from '@carrot-bridge/batching';
import type { KnownVisitorSession } from '@carrot-bridge/domain';
import type { SqlRunner } from './sql-runner';
import { upsertChats, type ChatRecord, type ChatWrite } from './upsert-chat';
import {
  claimWholeConversationChat,
  findStoredQuestions,
  type ConversationKey,
  type StoredQuestion,
} from './stored-questions';
import { findVisitorSessions, type VisitorSessionKey } from './visitor-session-queries';

/** What importing a chat reads and writes in PostgreSQL. */
export interface ChatStore {
  /** The questions of the conversation stored before, oldest first. */
  storedQuestions(key: ConversationKey): Promise<StoredQuestion[]>;
  /** See claimWholeConversationChat. */
  claimWholeConversationChat(claim: {
    chatId: string;
    questionId: string;
    keepPartIds: readonly string[];
  }): Promise<boolean>;
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

const chatKey = (c: ChatRecord) => `${c.integrationId}\u0000${c.conversationId}\u0000${c.questionId}`;

/**
 * The chat store of a worker process: the reads and writes of jobs running at the same time are grouped
 * into one statement each (RoundTripBatcher, the group commit the ingress uses for Redis: a lone write
 * goes at once, those arriving while statements are out go together in the next), so PostgreSQL
 * commits once per batch instead of once per chat and the worker makes one round trip where it made
 * fifty. Each job still resolves only when its own chat is committed. A batch the database refuses is
 * written again chat by chat, so one bad chat fails only its own job.
 */
export class BatchedChatStore implements ChatStore {
  private readonly writes: RoundTripBatcher<ChatWrite, string | Error>;
  private readonly questions: RoundTripBatcher<ConversationKey, StoredQuestion[]>;
  private readonly sessions: RoundTripBatcher<VisitorSessionKey, KnownVisitorSession | null>;

  constructor(
    private readonly sql: SqlRunner,
    options: BatchedChatStoreOptions = {},
  ) {
    const maxBatch = options.maxBatch ?? 100;
    this.writes = new RoundTripBatcher((batch) => this.writeBatch(batch), {
      maxBatch,
      maxInFlight: options.maxWritesInFlight ?? 2,
    });
    // Lookups one at a time: while one is out, the next jobs' keys gather (a read per job was, after the
    // write, the worker's most frequent statement).
    this.questions = new RoundTripBatcher((keys) => findStoredQuestions(sql, keys), { maxBatch, maxInFlight: 1 });
    this.sessions = new RoundTripBatcher((keys) => findVisitorSessions(sql, keys), { maxBatch, maxInFlight: 1 });
  }

  storedQuestions(key: ConversationKey): Promise<StoredQuestion[]> {
    return this.questions.submit(key);
  }

  claimWholeConversationChat(claim: { chatId: string; questionId: string; keepPartIds: readonly string[] }) {
    return claimWholeConversationChat(this.sql, claim);
  }

  visitorSession(key: VisitorSessionKey): Promise<KnownVisitorSession | null> {
    return this.sessions.submit(key);
  }

  async write(write: ChatWrite): Promise<string> {
    const result = await this.writes.submit(write);
    if (result instanceof Error) throw result;
    return result;
  }

  /** One statement per round of distinct questions (a repeat waits for the next round). */
  private async writeBatch(batch: readonly ChatWrite[]): Promise<Array<string | Error>> {
    const results: Array<string | Error> = new Array(batch.length);
    let pending = batch.map((write, index) => ({ write, index }));
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round = pending.filter(({ write }) => !seen.has(chatKey(write.chat)) && seen.add(chatKey(write.chat)));
      pending = pending.filter((item) => !round.includes(item));
      try {
        const ids = await upsertChats(
          this.sql,
          round.map((r) => r.write),
        );
        round.forEach((r, k) => (results[r.index] = ids[k]!));
      } catch (error) {
        if (round.length === 1) results[round[0]!.index] = asError(error);
        else
          for (const r of round) results[r.index] = await upsertChats(this.sql, [r.write]).then(([id]) => id!, asError);
      }
    }
    return results;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
