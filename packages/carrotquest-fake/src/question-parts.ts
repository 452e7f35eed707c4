// The parts (ConversationPart objects) of one question of a conversation, in the documented shapes.
// A conversation is made of questions: every part carries `part_group`, "Question ID
// (ConversationPartGroup), this reply is attached to" (https://developers.dashly.io/objects/conversationpart).
import type { Json } from './fake-state';

export interface ScenarioOperator {
  id: string;
  name: string;
  /** URL of the avatar; the docs' default avatar unless given. */
  avatar?: string;
}

export interface ScenarioQuestion {
  /** Unix seconds of the question's first message. */
  startedAt: number;
  /** Number of messages (alternating visitor / operator), at least 1; 4 unless given. */
  messages?: number;
  /** Exact message texts instead of generated ones; visitor first, then alternating. */
  texts?: string[];
  /** Who answers in this question; the conversation's operator unless given. */
  operator?: ScenarioOperator;
  /** The question ends with a `closed` system part by its operator, 30 s after its last message. */
  closedPart?: boolean;
}

/** The avatar of the docs' Admin examples (https://developers.carrotquest.io/webapi/endpoints/apps/channels). */
export const DEFAULT_AVATAR = 'https://files.carrotquest.io/avatars/default-v2.png';

/** An Admin object: "id, name, avatar, type" (https://developers.carrotquest.io/objects/admin). */
export function adminObject(operator: ScenarioOperator): Json {
  return { id: operator.id, name: operator.name, avatar: operator.avatar ?? DEFAULT_AVATAR, type: 'admin' };
}

export interface QuestionPartsInput {
  conversationId: string;
  userId: string;
  question: ScenarioQuestion;
  partGroup: string;
  /** The id of the question's first part; the next ones count up from it (ids stay exact decimal text). */
  firstPartId: string;
  operator: ScenarioOperator;
  /** Documented `sent_via` of the visitor's messages, or none (a messenger's value is not documented). */
  visitorSentVia: string | undefined;
}

export const MESSAGE_SPACING_SECONDS = 30;

/**
 * "removed: Optional[timestamp] — Если реплика была удалена (например, в результате удаления пользователя по
 * GDPR) - дата удаления. Если нет - null" (https://developers.carrotquest.io/objects/conversationpart).
 */
export const NOT_REMOVED = { removed: null } as const;

export function buildQuestionParts(input: QuestionPartsInput): Json[] {
  const { question, operator } = input;
  const count = Math.max(1, question.texts?.length ?? question.messages ?? 4);
  const parts: Json[] = [];
  let id = BigInt(input.firstPartId);
  const next = () => String(id++);
  for (let i = 0; i < count; i += 1) {
    const visitor = i % 2 === 0;
    parts.push({
      id: next(),
      created: question.startedAt + i * MESSAGE_SPACING_SECONDS,
      conversation: input.conversationId,
      part_group: input.partGroup,
      body: question.texts?.[i] ?? (visitor ? `Вопрос посетителя №${i / 2 + 1}` : `Ответ оператора №${(i + 1) / 2}`),
      type: visitor ? 'reply_user' : 'reply_admin',
      // Documented sent_via values: web_user, web_panel, ... (https://developers.dashly.io/objects/conversationpart/).
      ...(visitor ? (input.visitorSentVia ? { sent_via: input.visitorSentVia } : {}) : { sent_via: 'web_panel' }),
      // "Contains user ID if this is a user's replica, or Admin object in case of administrator's replica"
      // (https://developers.dashly.io/objects/conversationpart/).
      from: visitor ? input.userId : adminObject(operator),
      ...NOT_REMOVED,
    });
  }
  if (question.closedPart) {
    parts.push({
      id: next(),
      created: question.startedAt + count * MESSAGE_SPACING_SECONDS,
      conversation: input.conversationId,
      // Which question a `closed` part belongs to is not documented. The close endpoint answers the
      // part it creates with a `part_group` (https://developers.dashly.io/webapi/endpoints/conversations/close);
      // the fake files it under the question it closes.
      part_group: input.partGroup,
      // "Body will be empty for tag_added, tag_deleted, assigned, closed, opened types"; `closed` is a
      // "system reply about closing the conversation" (https://developers.dashly.io/objects/conversationpart).
      body: '',
      type: 'closed',
      from: adminObject(operator),
      ...NOT_REMOVED,
    });
  }
  return parts;
}
