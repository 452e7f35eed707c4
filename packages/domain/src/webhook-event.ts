import { parseExactJson } from './exact-json';

// Reading a CarrotQuest webhook. CarrotQuest posts form fields whose values are strings, with nested
// objects as JSON text; the JSON variant carries the same fields, where the nested ones may already be
// objects. Pure: the HTTP edge hands in the parsed body.
//
// What the "question resolved" delivery carries is NOT documented publicly (docs/carrotquest-api.md, "Not confirmed against a live CarrotQuest account"):
// the conversation id is read from every known place, and when none holds one the answer says which
// places were searched, so the delivery log shows an operator what a real delivery looked like.
// - `type=event` (event webhooks, https://carrotquest.io/integration/webhook): `event.props.$conversation_id`,
//   else a `conversation` field holding a Conversation (its `id`) or a ConversationPart (its `conversation`).
// - `type=conversation` (the per-message chat webhook, https://help.carrotquest.io/article/187): `conversation`
//   is a ConversationPart as JSON, whose `conversation` field is the conversation's id and which says
//   `conversation_closed`; only a closed conversation is imported.

/** The event CarrotQuest sends when a conversation question is resolved ("Вопрос диалога разрешен"). */
export const QUESTION_RESOLVED_EVENT = '$conversation_part_group_closed';

/** Where a conversation id may be, in the order searched. */
export const CONVERSATION_ID_PLACES = [
  'event.props.$conversation_id',
  'conversation.id',
  'conversation.conversation',
] as const;
export type ConversationIdPlace = (typeof CONVERSATION_ID_PLACES)[number];

export interface CarrotQuestWebhookEvent {
  eventName: string;
  eventId: string;
  /** The conversation's id, exact digits; null when no known place held one. */
  conversationId: string | null;
  /** Where the id was found, or null. */
  conversationIdPlace: ConversationIdPlace | null;
  carrotUserId: string | null;
  /** The shared secret CarrotQuest puts in every webhook, if configured there. */
  token: string | null;
  /** When CarrotQuest recorded the event. */
  createdAt: Date | null;
}

/** A `type=conversation` delivery: one message (ConversationPart) of a conversation. */
export interface CarrotQuestConversationPartDelivery {
  partId: string;
  conversationId: string;
  /** `conversation_closed`: whether the conversation was closed when this message was sent. */
  conversationClosed: boolean;
  carrotUserId: string | null;
  token: string | null;
}

export type WebhookParseResult =
  | { kind: 'event'; event: CarrotQuestWebhookEvent }
  | { kind: 'conversation-part'; part: CarrotQuestConversationPartDelivery }
  /** A well-formed CarrotQuest webhook of another kind (e.g. `message_webhook`). */
  | { kind: 'not-an-event'; type: string }
  | { kind: 'invalid'; problem: string };

const MAX_ID_DIGITS = 30;
const DIGITS = /^\d{1,30}$/;

function invalid(problem: string): WebhookParseResult {
  return { kind: 'invalid', problem };
}

function field(body: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}

/**
 * An id as exact decimal digits. JSON text is parsed with parseExactJson, so an id past 2^53 arrives
 * here as its digits; a number that is not an exact integer (a float, `1e30`) is refused, never guessed.
 */
function readId(value: unknown, name: string): { id: string | null; problem?: string } {
  if (value === undefined || value === null || value === '') return { id: null };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return DIGITS.test(trimmed)
      ? { id: trimmed }
      : { id: null, problem: `${name} must be a decimal id of at most ${MAX_ID_DIGITS} digits` };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return { id: String(value) };
    return {
      id: null,
      problem: `${name} is not an exact non-negative integer (numbers past 2^53 must be sent as strings)`,
    };
  }
  return { id: null, problem: `${name} must be a decimal id, got ${Array.isArray(value) ? 'array' : typeof value}` };
}

function readJsonObject(value: unknown, name: string): { object: Record<string, unknown> | null; problem?: string } {
  if (value === undefined || value === null || value === '') return { object: null };
  if (typeof value === 'object' && !Array.isArray(value)) return { object: value as Record<string, unknown> };
  if (typeof value !== 'string') return { object: null, problem: `${name} must be a JSON object` };
  try {
    const parsed = parseExactJson(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return { object: null, problem: `${name} must be a JSON object` };
    return { object: parsed as Record<string, unknown> };
  } catch {
    return { object: null, problem: `${name} is not valid JSON` };
  }
}

function readToken(fields: Record<string, unknown>): { token: string | null; problem?: string } {
  const token = field(fields, 'token');
  if (token !== undefined && typeof token !== 'string')
    return { token: null, problem: 'field "token" must be a string' };
  return { token: typeof token === 'string' && token !== '' ? token : null };
}

/** The id of the conversation a `conversation` field names: a Conversation's `id`, or a ConversationPart's `conversation`. */
function readConversationField(conversation: Record<string, unknown>): {
  id: string | null;
  place: ConversationIdPlace | null;
  problem?: string;
} {
  // A ConversationPart carries the conversation's id in `conversation` (https://developers.dashly.io/objects/conversationpart).
  const ofPart = field(conversation, 'conversation');
  if (ofPart !== undefined && ofPart !== null && typeof ofPart !== 'object') {
    const read = readId(ofPart, 'conversation.conversation');
    return {
      id: read.id,
      place: read.id ? 'conversation.conversation' : null,
      ...(read.problem ? { problem: read.problem } : {}),
    };
  }
  const read = readId(field(conversation, 'id'), 'conversation.id');
  return { id: read.id, place: read.id ? 'conversation.id' : null, ...(read.problem ? { problem: read.problem } : {}) };
}

function parseEventWebhook(fields: Record<string, unknown>): WebhookParseResult {
  const eventName = field(fields, 'event_name');
  if (typeof eventName !== 'string' || eventName.trim() === '') return invalid('field "event_name" is missing');
  if (eventName.length > 200) return invalid('field "event_name" is too long');

  const event = readJsonObject(field(fields, 'event'), 'field "event"');
  if (event.problem) return invalid(event.problem);
  if (!event.object) return invalid('field "event" is missing');
  const user = readJsonObject(field(fields, 'user'), 'field "user"');
  if (user.problem) return invalid(user.problem);

  const eventId = readId(field(fields, 'event_id') ?? field(event.object, 'id'), 'event_id');
  if (eventId.problem) return invalid(eventId.problem);
  if (!eventId.id) return invalid('field "event_id" is missing');

  const userId = readId(field(fields, 'user_id') ?? (user.object ? field(user.object, 'id') : undefined), 'user_id');
  if (userId.problem) return invalid(userId.problem);

  const props = field(event.object, 'props');
  if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props)))
    return invalid('event.props must be an object');
  // The one field the id is read from is the field the parser produced: no second, textual reading that
  // could find another `$conversation_id` nested elsewhere.
  let conversation: { id: string | null; place: ConversationIdPlace | null } = { id: null, place: null };
  if (props) {
    const read = readId(field(props as Record<string, unknown>, '$conversation_id'), 'event.props.$conversation_id');
    if (read.problem) return invalid(read.problem);
    if (read.id) conversation = { id: read.id, place: 'event.props.$conversation_id' };
  }
  if (!conversation.id) {
    const holder = readJsonObject(field(fields, 'conversation'), 'field "conversation"');
    if (holder.problem) return invalid(holder.problem);
    if (holder.object) {
      const read = readConversationField(holder.object);
      if (read.problem) return invalid(read.problem);
      conversation = { id: read.id, place: read.place };
    }
  }

  const token = readToken(fields);
  if (token.problem) return invalid(token.problem);
  const created = field(event.object, 'created');

  return {
    kind: 'event',
    event: {
      eventName: eventName.trim(),
      eventId: eventId.id,
      conversationId: conversation.id,
      conversationIdPlace: conversation.place,
      carrotUserId: userId.id,
      token: token.token,
      createdAt: typeof created === 'number' && Number.isFinite(created) ? new Date(created * 1000) : null,
    },
  };
}

function parseConversationWebhook(fields: Record<string, unknown>): WebhookParseResult {
  const part = readJsonObject(field(fields, 'conversation'), 'field "conversation"');
  if (part.problem) return invalid(part.problem);
  if (!part.object)
    return invalid('field "conversation" is missing (a type=conversation webhook carries the message as JSON there)');
  const partId = readId(field(part.object, 'id'), 'conversation.id');
  if (partId.problem) return invalid(partId.problem);
  if (!partId.id) return invalid('conversation.id (the message id) is missing');
  const conversationId = readId(field(part.object, 'conversation'), 'conversation.conversation');
  if (conversationId.problem) return invalid(conversationId.problem);
  if (!conversationId.id) return invalid('conversation.conversation (the conversation id) is missing');
  // `from` is the visitor's id on a visitor's message, an admin object otherwise.
  const from = field(part.object, 'from');
  const userId =
    typeof from === 'string' || typeof from === 'number' ? readId(from, 'conversation.from') : { id: null };
  const token = readToken(fields);
  if (token.problem) return invalid(token.problem);
  return {
    kind: 'conversation-part',
    part: {
      partId: partId.id,
      conversationId: conversationId.id,
      conversationClosed: field(part.object, 'conversation_closed') === true,
      carrotUserId: userId.id ?? null,
      token: token.token,
    },
  };
}

export function parseCarrotQuestWebhook(body: unknown): WebhookParseResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return invalid('the body must be a set of form fields or a JSON object');
  const fields = body as Record<string, unknown>;

  const type = field(fields, 'type');
  if (typeof type !== 'string' || type === '') return invalid('field "type" is missing');
  if (type === 'event') return parseEventWebhook(fields);
  if (type === 'conversation') return parseConversationWebhook(fields);
  return { kind: 'not-an-event', type: type.slice(0, 40) };
}
