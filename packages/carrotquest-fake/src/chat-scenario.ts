// Builds realistic CarrotQuest conversations from a short description, in the shapes of the fixtures.
// A conversation is made of questions (part groups); a returning visitor opens a new question in the
// same conversation (issue #23, docs/carrotquest-questions.md).
import type { Json } from './fake-state';
import { adminObject, buildQuestionParts, type ScenarioOperator, type ScenarioQuestion } from './question-parts';

export type { ScenarioOperator, ScenarioQuestion } from './question-parts';

export type ScenarioChannel = 'widget' | 'telegram' | 'whatsapp' | 'vk' | 'viber' | 'instagram' | 'avito';

export interface ChatScenario {
  conversationId: string;
  userId: string;
  channel?: ScenarioChannel;
  /** Unix seconds. Single-question form: the question's start; with `questions`, ignored. */
  createdAt?: number;
  /** Unix seconds of the last change (the app's list is ordered by it); the last part's time unless given. */
  lastUpdate?: number;
  closed?: boolean;
  /**
   * Also name the messenger in `external_service` and mark the visitor's messages `sent_via=integrations`,
   * as third-party clients show; undocumented, so by default a messenger chat is known only by its
   * `channel` (https://developers.dashly.io/objects/channel: type telegram, whatsapp, vk, ...).
   */
  undocumentedMessengerSignals?: boolean;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  /** Custom props our JS script would have written (cb_session_id, cb_utm_source...): the visitor's latest. */
  propsCustom?: Json;
  /** Single-question form: number of messages (alternating visitor / operator), at least 1. */
  messages?: number;
  /** Single-question form: exact message texts; visitor first, then alternating. */
  texts?: string[];
  /** Who answers, unless a question names its own operator. */
  operator?: ScenarioOperator;
  tags?: string[];
  /**
   * Several questions, oldest first, each its own `part_group`. Without it the scenario is one question
   * from `createdAt` with `messages` / `texts`.
   */
  questions?: ScenarioQuestion[];
}

const CHANNEL_IDS: Record<ScenarioChannel, string> = {
  widget: '301',
  telegram: '305',
  whatsapp: '306',
  vk: '307',
  viber: '308',
  instagram: '309',
  avito: '310',
};

export const DEFAULT_OPERATOR: ScenarioOperator = { id: '5521', name: 'Алексей' };

/**
 * Ids are decimal text, exact at any size: part ids are the conversation id followed by a 3-digit index
 * counting up through the whole conversation; part-group ids are the conversation id followed by a
 * 2-digit question number (01, 02, ...), so they grow with time as the questions do.
 */
function partId(conversationId: string, index: number): string {
  return `${conversationId}${String(index).padStart(3, '0')}`;
}

export function partGroupId(conversationId: string, questionIndex: number): string {
  return `${conversationId}${String(questionIndex + 1).padStart(2, '0')}`;
}

/**
 * The `sent_via` of a visitor's message: `web_user` on the site; a messenger's value is not documented,
 * so none unless the undocumented signals are asked for.
 */
export function visitorSentVia(messenger: boolean, undocumentedSignals: boolean): string | undefined {
  if (!messenger) return 'web_user';
  return undocumentedSignals ? 'integrations' : undefined;
}

function questionsOf(s: ChatScenario): ScenarioQuestion[] {
  if (s.questions?.length) return [...s.questions].sort((a, b) => a.startedAt - b.startedAt);
  const startedAt = s.createdAt ?? Math.floor(Date.now() / 1000) - 3600;
  return [{ startedAt, ...(s.texts ? { texts: s.texts } : {}), ...(s.messages ? { messages: s.messages } : {}) }];
}

export function buildScenario(s: ChatScenario): { conversation: Json; parts: Json[]; user: Json } {
  const channel = s.channel ?? 'widget';
  const messenger = channel !== 'widget';
  const extraSignals = messenger && s.undocumentedMessengerSignals === true;
  const questions = questionsOf(s);
  const parts: Json[] = [];
  for (const [index, question] of questions.entries()) {
    parts.push(
      ...buildQuestionParts({
        conversationId: s.conversationId,
        userId: s.userId,
        question,
        partGroup: partGroupId(s.conversationId, index),
        firstPartId: partId(s.conversationId, parts.length),
        operator: question.operator ?? s.operator ?? DEFAULT_OPERATOR,
        visitorSentVia: visitorSentVia(messenger, extraSignals),
      }),
    );
  }
  const lastOperator = questions.at(-1)!.operator ?? s.operator ?? DEFAULT_OPERATOR;
  const created = questions[0]!.startedAt;
  const props: Json = {};
  if (s.name) props.$name = s.name;
  if (s.phone) props.$phone = s.phone;
  if (s.email) props.$email = s.email;
  const conversation: Json = {
    id: s.conversationId,
    created,
    closed: s.closed ?? true,
    type: 'popup_chat',
    parts_count: parts.length,
    last_update: s.lastUpdate ?? parts.at(-1)!.created,
    tags: s.tags ?? [],
    assignee: adminObject(lastOperator),
    last_admin: adminObject(lastOperator),
    user: { id: s.userId, app: '4821', user_id: '', presence: 'offline', props },
    channel: { id: CHANNEL_IDS[channel], name: messenger ? channel : 'Сайт', type: messenger ? channel : 'manual' },
    part_last: parts.at(-1),
    ...(extraSignals
      ? { external_service: channel, external_id: String(700000000 + Number(BigInt(s.userId) % 1000000n)) }
      : {}),
  };
  const user: Json = {
    id: s.userId,
    user_id: '',
    removed: null,
    presence: 'offline',
    props,
    props_custom: s.propsCustom ?? {},
  };
  return { conversation, parts, user };
}
