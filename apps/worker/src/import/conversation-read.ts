import type {
  CarrotQuestClient,
  CarrotQuestConversation,
  CarrotQuestPart,
  CarrotQuestUser,
} from '@carrot-bridge/carrotquest';
import type { StoredQuestion } from '@carrot-bridge/db';
import {
  buildTranscript,
  compareDecimalIds,
  partsFloor,
  splitIntoQuestions,
  type Question,
  type Transcript,
} from '@carrot-bridge/domain';
import type { ChatImportJobData } from '@carrot-bridge/queue';
import { ImportError, ImportErrorCode } from './import-error';
import type { IntegrationLease } from './integration-call-limiter';

/** The CarrotQuest reads of an import. */
export type ConversationReads = Pick<CarrotQuestClient, 'getConversation' | 'getConversationParts' | 'getUser'>;

/** The reads, each within the integration's share of CarrotQuest calls (docs/fairness.md). */
export function readsWithin(lease: IntegrationLease, client: ConversationReads): ConversationReads {
  return {
    getConversation: (id) => lease.call(() => client.getConversation(id)),
    getConversationParts: (id, options) => lease.call(() => client.getConversationParts(id, options)),
    getUser: (id) => lease.call(() => client.getUser(id)),
  };
}

/** What one import read of a conversation from CarrotQuest, split into questions. */
export interface ConversationRead {
  conversation: CarrotQuestConversation;
  /** Every part read (a page may reach below the floor). */
  parts: CarrotQuestPart[];
  user: CarrotQuestUser;
  userId: string;
  /** The part id the questions were read down to; null: the whole conversation. */
  floor: string | null;
  /** The questions from the floor on, oldest first. */
  questions: Array<Question<CarrotQuestPart>>;
  transcriptOf: (questionId: string) => Transcript;
}

/**
 * Reads the conversation, its parts down to the questions stored (partsFloor) and its user. When a
 * closed question read shows a part CarrotQuest removed that the store still holds with its text, the
 * parts are read again whole: a deletion there (e.g. GDPR, objects/conversationpart `removed`) removes
 * the person's parts of every question, and the older questions are below the floor (issue #25). Once
 * written, those parts are stored as removed, so this happens once per deletion.
 */
export async function readConversation(
  client: ConversationReads,
  job: ChatImportJobData,
  stored: readonly StoredQuestion[],
): Promise<ConversationRead> {
  const floor = partsFloor(stored);
  const [conversation, parts, prefetchedUser] = await Promise.all([
    client.getConversation(job.conversationId),
    client.getConversationParts(job.conversationId, { downToPartId: floor }),
    job.carrotUserId ? client.getUser(job.carrotUserId) : Promise.resolve(null),
  ]);
  const userId = conversation.user?.id ?? job.carrotUserId;
  if (!userId)
    throw new ImportError(ImportErrorCode.ConversationWithoutUser, `conversation ${job.conversationId} has no user`);
  // The webhook's user is the conversation's user; re-read only if CarrotQuest says otherwise (merged users).
  const user = prefetchedUser && prefetchedUser.id === userId ? prefetchedUser : await client.getUser(userId);

  const split = (all: CarrotQuestPart[], from: string | null) => {
    // Read down to the floor, a page may reach further back: what is older is another import's business.
    const read = from ? all.filter((part) => compareDecimalIds(part.id, from) >= 0) : all;
    const questions = splitIntoQuestions(read, conversation);
    const transcripts = new Map(questions.map((q) => [q.id, buildTranscript(q.parts)]));
    return { questions, transcriptOf: (id: string) => transcripts.get(id)! };
  };
  const first = split(parts, floor);
  if (floor === null || !removedSinceStored(first.questions, first.transcriptOf, stored))
    return { conversation, parts, user, userId, floor, ...first };
  const whole = await client.getConversationParts(job.conversationId, { downToPartId: null });
  return { conversation, parts: whole, user, userId, floor: null, ...split(whole, null) };
}

function removedSinceStored(
  questions: ReadonlyArray<Question<CarrotQuestPart>>,
  transcriptOf: (questionId: string) => Transcript,
  stored: readonly StoredQuestion[],
): boolean {
  const known = new Set(stored.flatMap((s) => s.removedPartIds));
  return questions.some(
    (q) => q.closed && transcriptOf(q.id).messages.some((m) => m.removedAt !== null && !known.has(m.partId)),
  );
}
