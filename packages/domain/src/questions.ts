// A CarrotQuest conversation is made of questions, and a chat of ours is one question (docs/questions.md).
// Every part carries `part_group`: "ID вопроса (ConversationPartGroup), в который входит данная реплика"
// (https://developers.carrotquest.io/objects/conversationpart). The resolved webhook fires per question,
// `$conversation_part_group_closed` (https://developers.carrotquest.io/events). What the docs leave open
// (parts without a part_group, how a question's end shows) is decided here and listed as unconfirmed.
import type { CarrotQuestPartShape } from './carrotquest-shapes';
import type { SessionCapture } from './session-capture';

/** The question id of a conversation none of whose parts carries a `part_group` (older data, other feeds). */
export const WHOLE_CONVERSATION_QUESTION = 'conversation';

/**
 * Part types that mark an end: `closed` "system reply about closing the conversation" and the deprecated
 * `final_closed` "System reply, marking a question has been answered"
 * (https://developers.dashly.io/objects/conversationpart).
 */
const CLOSING_PART_TYPES = new Set(['closed', 'final_closed']);

export interface QuestionPart extends CarrotQuestPartShape {
  part_group?: number | string | null | undefined;
}

export interface Question<P extends QuestionPart> {
  id: string;
  /** Its parts in time order (then by id). */
  parts: P[];
  /** Its first part's time. */
  startedAt: Date;
  /** The last closing part's time (CLOSING_PART_TYPES) where its parts show one; null where they do not. */
  resolvedAt: Date | null;
  /** Whether the question is over, so that it may be imported (see splitIntoQuestions). */
  closed: boolean;
}

function groupOf(part: QuestionPart): string | null {
  const group = part.part_group;
  if (group === null || group === undefined) return null;
  const text = String(group).trim();
  return text === '' ? null : text;
}

/** Time, then id as a number (ids are decimal text beyond 2^53: compared by length, then as text). */
export function comparePartOrder(a: QuestionPart, b: QuestionPart): number {
  return a.created - b.created || compareDecimalIds(String(a.id), String(b.id));
}

export function compareDecimalIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The questions of a conversation, oldest first.
 * - A question is the parts sharing one `part_group`, dated by its first part.
 * - A part without `part_group` belongs to the question it falls in by time: the latest question that
 *   started at or before it; one before every question belongs to the first. (The docs type `part_group`
 *   as `ID` on every part and say nothing of parts without one.)
 * - A conversation without any `part_group` is one question, WHOLE_CONVERSATION_QUESTION.
 * - Closed: every question of a closed conversation; of an open one, every question but the last, which
 *   the visitor may still be asking. (The docs do not say how a question's end shows in its parts.)
 */
export function splitIntoQuestions<P extends QuestionPart>(
  parts: readonly P[],
  conversation: { closed?: boolean | null | undefined },
): Array<Question<P>> {
  const ordered = [...parts].sort(comparePartOrder);
  const groups = new Map<string, P[]>();
  const loose: P[] = [];
  for (const part of ordered) {
    const group = groupOf(part);
    if (group === null) loose.push(part);
    else groups.set(group, [...(groups.get(group) ?? []), part]);
  }
  if (groups.size === 0) {
    if (ordered.length === 0) return [];
    groups.set(WHOLE_CONVERSATION_QUESTION, []);
  }
  const questions = [...groups.entries()]
    .map(([id, own]) => ({ id, own }))
    .sort((a, b) => (a.own[0] && b.own[0] ? comparePartOrder(a.own[0], b.own[0]) : a.own[0] ? 1 : -1));
  for (const part of loose) {
    let home = questions[0]!;
    for (const question of questions)
      if (question.own[0] && comparePartOrder(question.own[0], part) <= 0) home = question;
    home.own.push(part);
  }
  const lastIndex = questions.length - 1;
  return questions.map(({ id, own }, index) => {
    const sorted = own.sort(comparePartOrder);
    const closing = sorted.filter((part) => CLOSING_PART_TYPES.has(part.type ?? '')).at(-1);
    return {
      id,
      parts: sorted,
      startedAt: new Date(sorted[0]!.created * 1000),
      resolvedAt: closing ? new Date(closing.created * 1000) : null,
      closed: conversation.closed === true || index < lastIndex,
    };
  });
}

/**
 * The capture's start comes from the visitor's browser clock (the script stores Date.now()), the
 * question's from CarrotQuest's: a capture up to this much "after" the question still counts as before.
 */
export const CAPTURE_CLOCK_SKEW_MS = 15 * 60_000;

/**
 * What the visitor's stored capture says about one question. The script keeps only the visitor's latest
 * session, so it speaks for the newest question: a capture whose session started after this question
 * began belongs to a later one, and one without a start time is given to the newest question only.
 */
export function captureForQuestion(
  capture: SessionCapture,
  question: { startedAt: Date },
  isNewestQuestion: boolean,
): SessionCapture | null {
  if (capture.sessionStartedAt)
    return capture.sessionStartedAt.getTime() <= question.startedAt.getTime() + CAPTURE_CLOCK_SKEW_MS ? capture : null;
  return isNewestQuestion ? capture : null;
}
