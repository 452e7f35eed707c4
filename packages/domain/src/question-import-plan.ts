// Which questions of a conversation one import writes (issue #23, docs/questions.md). The resolved event
// names the conversation only (`$conversation_part_group_closed` carries `$conversation_id`:
// https://developers.carrotquest.io/events), so every import looks at all its questions.
import { compareDecimalIds, type Question, type QuestionPart } from './questions';

/** A question already stored, as the plan needs it. */
export interface StoredQuestionRef {
  chatId: string;
  /** null: a chat stored before chats were questions (it holds the whole conversation). */
  questionId: string | null;
  startedAt: Date;
  partIds: readonly string[];
  /** Those of its parts stored as removed in CarrotQuest (their texts are not kept); none if absent. */
  removedPartIds?: readonly string[];
}

export interface PlannedQuestion<P extends QuestionPart, S extends StoredQuestionRef> {
  question: Question<P>;
  /** The stored chat this question updates, if any (its attribution and capture are kept). */
  stored: S | null;
  /** The stored chat is a whole-conversation chat this import makes the first question. */
  claimsWholeConversation: boolean;
  /** The question is the newest of the conversation (the visitor's current capture speaks for it). */
  newest: boolean;
}

/**
 * The part id the import reads the conversation's parts down to: the first part of the newest question
 * stored, so that question and every later one are read whole and nothing older is. Null: read every
 * part (nothing stored yet, or a whole-conversation chat still to split).
 */
export function partsFloor(stored: readonly StoredQuestionRef[]): string | null {
  if (stored.length === 0 || stored.some((q) => q.questionId === null)) return null;
  const newest = stored.reduce((a, b) => (b.startedAt.getTime() >= a.startedAt.getTime() ? b : a));
  const ids = [...newest.partIds].sort(compareDecimalIds);
  return ids[0] ?? null;
}

function sameParts(stored: readonly string[], read: readonly string[]): boolean {
  if (stored.length !== read.length) return false;
  const kept = new Set(stored);
  return read.every((id) => kept.has(id));
}

/** Whether a part read as removed is still stored with its text. */
function newlyRemoved(stored: readonly string[] | undefined, read: readonly string[]): boolean {
  const known = new Set(stored ?? []);
  return read.some((id) => !known.has(id));
}

/**
 * The questions to write, oldest first:
 * - only closed ones (Question.closed), and with `startedWithin` only those that started in it (not
 *   while a whole-conversation chat is split);
 * - a question not stored yet, or stored with other parts than it has now (it changed), or with a part
 *   CarrotQuest has removed since (its text is erased here: issue #25);
 * - a whole-conversation chat stored before the upgrade becomes the first question (claimed), always
 *   written once so that it gives up the later questions' messages;
 * - when the parts were read only down to `floor`, a stored question older than the newest stored one
 *   is seen only in part and is left as it is.
 * `storedPartIdsOf` gives the part ids the stored chat would hold for a question (its transcript's),
 * `removedPartIdsOf` those of them CarrotQuest marks `removed`.
 */
export function planQuestionImports<P extends QuestionPart, S extends StoredQuestionRef>(input: {
  questions: ReadonlyArray<Question<P>>;
  stored: readonly S[];
  floor: string | null;
  startedWithin?: { from: Date; to: Date } | undefined;
  storedPartIdsOf: (question: Question<P>) => readonly string[];
  removedPartIdsOf?: (question: Question<P>) => readonly string[];
}): Array<PlannedQuestion<P, S>> {
  const { questions, stored, floor } = input;
  const byQuestion = new Map(stored.filter((s) => s.questionId !== null).map((s) => [s.questionId!, s]));
  const whole = stored.find((s) => s.questionId === null) ?? null;
  // Splitting a whole-conversation chat takes the later questions' messages from it: all of them are
  // written now, whatever the period, so that none is lost.
  const startedWithin = whole ? undefined : input.startedWithin;
  const newestStored = stored.at(-1) ?? null;
  const newestId = questions.at(-1)?.id;
  const plan: Array<PlannedQuestion<P, S>> = [];
  questions.forEach((question, index) => {
    if (!question.closed) return;
    const claims = whole !== null && index === 0 && !byQuestion.has(question.id);
    const match = claims ? whole : (byQuestion.get(question.id) ?? null);
    if (floor !== null && match !== null && match !== newestStored) return;
    if (
      match &&
      !claims &&
      sameParts(match.partIds, input.storedPartIdsOf(question)) &&
      !newlyRemoved(match.removedPartIds, input.removedPartIdsOf?.(question) ?? [])
    )
      return;
    if (startedWithin) {
      const at = question.startedAt.getTime();
      if (at < startedWithin.from.getTime() || at > startedWithin.to.getTime()) return;
    }
    plan.push({ question, stored: match, claimsWholeConversation: claims, newest: question.id === newestId });
  });
  return plan;
}
