// Reading a CarrotQuest event webhook. CarrotQuest posts form fields whose values are strings, with
// nested objects as JSON text (`user`, `event`); the JSON variant carries the same fields, where the
// nested ones may already be objects. Pure: the HTTP edge hands in the parsed body.

/** The event CarrotQuest sends when a conversation question is resolved ("Вопрос диалога разрешен"). */
export const QUESTION_RESOLVED_EVENT = '$conversation_part_group_closed';

export interface CarrotQuestWebhookEvent {
  eventName: string;
  eventId: string;
  /** `$conversation_id` of the event props, exact digits; null when the event has none. */
  conversationId: string | null;
  carrotUserId: string | null;
  /** The shared secret CarrotQuest puts in every webhook, if configured there. */
  token: string | null;
  /** When CarrotQuest recorded the event. */
  createdAt: Date | null;
}

export type WebhookParseResult =
  | { kind: 'event'; event: CarrotQuestWebhookEvent }
  /** A well-formed CarrotQuest webhook that is not an event webhook (e.g. `message_webhook`). */
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

/** An id as exact decimal digits. Numbers past 2^53 lost digits in JSON.parse and are refused. */
function readId(value: unknown, name: string): { id: string | null; problem?: string } {
  if (value === undefined || value === null || value === '') return { id: null };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return DIGITS.test(trimmed) ? { id: trimmed } : { id: null, problem: `${name} must be a decimal id of at most ${MAX_ID_DIGITS} digits` };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return { id: String(value) };
    return { id: null, problem: `${name} is not an exact non-negative integer (numbers past 2^53 must be sent as strings)` };
  }
  return { id: null, problem: `${name} must be a decimal id, got ${Array.isArray(value) ? 'array' : typeof value}` };
}

function readJsonObject(value: unknown, name: string): { object: Record<string, unknown> | null; raw: string | null; problem?: string } {
  if (value === undefined || value === null || value === '') return { object: null, raw: null };
  if (typeof value === 'object' && !Array.isArray(value)) return { object: value as Record<string, unknown>, raw: null };
  if (typeof value !== 'string') return { object: null, raw: null, problem: `${name} must be a JSON object` };
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { object: null, raw: null, problem: `${name} must be a JSON object` };
    return { object: parsed as Record<string, unknown>, raw: value };
  } catch {
    return { object: null, raw: null, problem: `${name} is not valid JSON` };
  }
}

/** `$conversation_id`, taken from the raw JSON text when the parsed number lost precision. */
function readConversationId(props: Record<string, unknown>, rawEvent: string | null): { id: string | null; problem?: string } {
  const value = field(props, '$conversation_id');
  if (typeof value === 'number' && !Number.isSafeInteger(value) && rawEvent) {
    const exact = /"\$conversation_id"\s*:\s*(\d{1,30})\b/.exec(rawEvent);
    if (exact?.[1]) return { id: exact[1] };
  }
  return readId(value, 'event.props.$conversation_id');
}

export function parseCarrotQuestWebhook(body: unknown): WebhookParseResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalid('the body must be a set of form fields or a JSON object');
  const fields = body as Record<string, unknown>;

  const type = field(fields, 'type');
  if (typeof type !== 'string' || type === '') return invalid('field "type" is missing');
  if (type !== 'event') return { kind: 'not-an-event', type: type.slice(0, 40) };

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
  if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props))) return invalid('event.props must be an object');
  const conversation = props ? readConversationId(props as Record<string, unknown>, event.raw) : { id: null };
  if (conversation.problem) return invalid(conversation.problem);

  const token = field(fields, 'token');
  if (token !== undefined && typeof token !== 'string') return invalid('field "token" must be a string');
  const created = field(event.object, 'created');

  return {
    kind: 'event',
    event: {
      eventName: eventName.trim(),
      eventId: eventId.id,
      conversationId: conversation.id,
      carrotUserId: userId.id,
      token: typeof token === 'string' && token !== '' ? token : null,
      createdAt: typeof created === 'number' && Number.isFinite(created) ? new Date(created * 1000) : null,
    },
  };
}
