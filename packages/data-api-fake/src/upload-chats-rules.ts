// The rules of upload.chats, one chat at a time, each from
// https://comagic.github.io/data_api/communication/upload_chats/ unless another page is named.
// A broken rule throws the RpcError the real API would answer (mnemonics from
// https://comagic.github.io/data_api/, "Обработка ошибок"); the page names no mnemonic per rule, so which
// documented mnemonic fits a rule is our reading.
import { parseAccountDateTime } from './account-clock';
import { RpcError, type FieldPath } from './rpc-error';
import type { FakeSession } from './cabinet-store';

type Json = Record<string, unknown>;

export interface ChatRulesContext {
  index: number;
  /** The account's zone: dates are read as its wall clock. */
  timeZone: string;
  now: number;
  sessions: ReadonlyMap<number, FakeSession>;
}

export interface CheckedChat {
  startedAt: number;
  messageTimes: number[];
}

/** "Параметры запроса" of upload.chats: a chat may carry these and nothing else ("unexpected_parameters"). */
const CHAT_FIELDS = new Set([
  'start_date_time',
  'name',
  'phone',
  'email',
  'status',
  'initiator',
  'visitor_session_id',
  'campaign_id',
  'source_id',
  'site_id',
  'messages',
  'ext_id',
]);
const MESSAGE_FIELDS = new Set(['date_time', 'source', 'employee_id', 'message']);
/** status: "lost,succeed, refused"; initiator: "operator, visitor,autoinvite"; source: "operator, visitor,system". */
const STATUSES = ['lost', 'succeed', 'refused'];
const INITIATORS = ['operator', 'visitor', 'autoinvite'];
const MESSAGE_SOURCES = ['operator', 'visitor', 'system'];
/**
 * phone: "Телефон посетителя в формате E164". E.164 is at most 15 digits with the country code first;
 * every phone example in the docs is digits only (e.g. 79539693061 on
 * https://comagic.github.io/data_api/communication/get_uploaded_calls/). The fake refuses a "+" —
 * stricter than anything the docs confirm (docs/export.md, "Not confirmed against a live account").
 */
const E164_DIGITS = /^[1-9]\d{7,14}$/;
// One @, no whitespace, a dot inside the domain (not at its edges); the dot is found with indexOf so
// no two quantifiers compete for the same characters.
const EMAIL_PARTS = /^[^@\s]+@[^@\s]+$/;
const isEmailShaped = (v: string) => EMAIL_PARTS.test(v) && v.slice(v.indexOf('@') + 2, -1).includes('.');
/** visitor_session_id: "сессия должна быть создана не раньше 180 дней до date_time" (read as the chat's start). */
const SESSION_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkKnownFields(object: Json, allowed: Set<string>, at: FieldPath): void {
  for (const key of Object.keys(object))
    if (!allowed.has(key)) throw new RpcError('unexpected_parameters', [...at, key]);
}

function optionalNumber(chat: Json, key: string, at: FieldPath): number | undefined {
  const value = chat[key];
  if (value === undefined) return undefined;
  if (!isInteger(value)) throw new RpcError('data_type_error', [...at, key], value);
  return value;
}

function optionalString(chat: Json, key: string, at: FieldPath): string | undefined {
  const value = chat[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new RpcError('data_type_error', [...at, key], value);
  return value;
}

export function checkChat(raw: unknown, context: ChatRulesContext): CheckedChat {
  const at: FieldPath = ['chats', context.index];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RpcError('data_type_error', at);
  const chat = raw as Json;
  checkKnownFields(chat, CHAT_FIELDS, at);
  optionalString(chat, 'ext_id', at);
  optionalString(chat, 'name', at);

  // start_date_time: required, "YYYY-MM-DD hh:mm:ss", "Не может быть в будущем".
  if (chat.start_date_time === undefined) throw new RpcError('required_parameter_missed', [...at, 'start_date_time']);
  const startedAt = parseAccountDateTime(chat.start_date_time, context.timeZone);
  if (startedAt === null)
    throw new RpcError('invalid_parameter_value', [...at, 'start_date_time'], chat.start_date_time);
  if (startedAt > context.now)
    throw new RpcError('invalid_date_time', [...at, 'start_date_time'], chat.start_date_time);

  // status: required enum; initiator: optional enum.
  if (chat.status === undefined) throw new RpcError('required_parameter_missed', [...at, 'status']);
  if (!STATUSES.includes(chat.status as string))
    throw new RpcError('invalid_parameter_value', [...at, 'status'], chat.status);
  if (chat.initiator !== undefined && !INITIATORS.includes(chat.initiator as string))
    throw new RpcError('invalid_parameter_value', [...at, 'initiator'], chat.initiator);

  // "Параметры, обязательные для заполнения: ... phone или email".
  const phone = optionalString(chat, 'phone', at);
  const email = optionalString(chat, 'email', at);
  if (phone === undefined && email === undefined) throw new RpcError('required_parameter_missed', [...at, 'phone']);
  if (phone !== undefined && !E164_DIGITS.test(phone))
    throw new RpcError('invalid_parameter_value', [...at, 'phone'], phone);
  if (email !== undefined && !isEmailShaped(email))
    throw new RpcError('invalid_parameter_value', [...at, 'email'], email);

  // "visitor_session_id, campaign_id или site_id (если указанны несколько параметров, то данные должны быть консистентные)".
  const sessionId = optionalNumber(chat, 'visitor_session_id', at);
  const campaignId = optionalNumber(chat, 'campaign_id', at);
  const siteId = optionalNumber(chat, 'site_id', at);
  optionalNumber(chat, 'source_id', at);
  if (sessionId === undefined && campaignId === undefined && siteId === undefined)
    throw new RpcError('required_parameter_missed', [...at, 'visitor_session_id']);
  // campaign_id: "Нельзя передавать campaign_id = -1."
  if (campaignId === -1) throw new RpcError('invalid_parameter_value', [...at, 'campaign_id'], campaignId);
  if (sessionId !== undefined) {
    const session = context.sessions.get(sessionId);
    if (!session) throw new RpcError('entity_not_found', [...at, 'visitor_session_id'], sessionId);
    if (session.startedAt < startedAt - SESSION_MAX_AGE_MS)
      throw new RpcError('invalid_parameter_value', [...at, 'visitor_session_id'], sessionId);
    // start_date_time: "Должна быть позже чем у переданной сессии посетителя."
    if (startedAt <= session.startedAt)
      throw new RpcError('invalid_date_time', [...at, 'start_date_time'], chat.start_date_time);
    if (siteId !== undefined && session.siteId !== undefined && siteId !== session.siteId)
      throw new RpcError('invalid_parameters_combination', [...at, 'site_id'], siteId);
    if (campaignId !== undefined && session.campaignId !== undefined && campaignId !== session.campaignId)
      throw new RpcError('invalid_parameters_combination', [...at, 'campaign_id'], campaignId);
  }

  // messages: required array of {date_time, source, employee_id, message}.
  if (chat.messages === undefined) throw new RpcError('required_parameter_missed', [...at, 'messages']);
  if (!Array.isArray(chat.messages)) throw new RpcError('data_type_error', [...at, 'messages']);
  const messageTimes = chat.messages.map((rawMessage: unknown, j) => {
    const where: FieldPath = [...at, 'messages', j];
    if (typeof rawMessage !== 'object' || rawMessage === null || Array.isArray(rawMessage))
      throw new RpcError('data_type_error', where);
    const message = rawMessage as Json;
    checkKnownFields(message, MESSAGE_FIELDS, where);
    // date_time: "Не может быть в будущем. Должна быть позже чем start_date_time. Если параметр не передан, то проставится время вызова".
    let sentAt = context.now;
    if (message.date_time !== undefined) {
      const parsed = parseAccountDateTime(message.date_time, context.timeZone);
      if (parsed === null) throw new RpcError('invalid_parameter_value', [...where, 'date_time'], message.date_time);
      sentAt = parsed;
    }
    if (sentAt > context.now || sentAt <= startedAt)
      throw new RpcError('invalid_date_time', [...where, 'date_time'], message.date_time);
    if (message.source === undefined) throw new RpcError('required_parameter_missed', [...where, 'source']);
    if (!MESSAGE_SOURCES.includes(message.source as string))
      throw new RpcError('invalid_parameter_value', [...where, 'source'], message.source);
    // employee_id: "обязательный параметр если source = operator".
    const employeeId = optionalNumber(message, 'employee_id', where);
    if (message.source === 'operator' && employeeId === undefined)
      throw new RpcError('required_parameter_missed', [...where, 'employee_id']);
    if (message.message === undefined) throw new RpcError('required_parameter_missed', [...where, 'message']);
    if (typeof message.message !== 'string')
      throw new RpcError('data_type_error', [...where, 'message'], message.message);
    return sentAt;
  });
  return { startedAt, messageTimes };
}
