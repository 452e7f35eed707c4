// How one of our chats becomes a chat of the CoMagic / UIS Data API's `upload.chats` (JSON-RPC 2.0).
// Every rule below cites the page it comes from; where the docs are silent the choice is ours and
// says so (docs/export.md, "Not confirmed against a live account").
//   upload.chats: https://comagic.github.io/data_api/communication/upload_chats/
import { formatDataApiDateTime, type DataApiDateTime } from './data-api-chat-time';
import { messageEmployee } from './operator-employee';

// index.ts re-exports this file: the export's time and refusal helpers travel with it.
export * from './data-api-chat-time';
export * from './data-api-chat-refusal';

export interface DataApiMessage {
  date_time: DataApiDateTime;
  source: 'operator' | 'visitor' | 'system';
  employee_id?: number;
  message: string;
}

export interface DataApiChat {
  ext_id: string;
  start_date_time: DataApiDateTime;
  status: 'succeed' | 'lost';
  initiator: 'visitor';
  name?: string;
  phone?: string;
  email?: string;
  /** Exactly one attribution: a tracker session, or a campaign, or a source with its site. */
  visitor_session_id?: number;
  campaign_id?: number;
  source_id?: number;
  site_id?: number;
  messages: DataApiMessage[];
}

export interface ExportableChat {
  id: string;
  startedAt: Date;
  contactName: string | null;
  /** E.164 with its plus, as the import stores it. */
  contactPhone: string | null;
  contactEmail: string | null;
  attributionKind: 'forced' | 'session' | 'mapping' | 'default';
  /** The tracker's session id our script captured (a number in CoMagic / UIS). */
  sessionExternalId: string | null;
  /** When that session started, if we know the session. */
  sessionStartedAt: Date | null;
  trafficType: 'campaign' | 'source';
  /** CoMagic ids of the chat's campaign / source / site, when our catalog knows them. */
  campaignComagicId: number | null;
  sourceComagicId: number | null;
  siteComagicId: number | null;
  /** CoMagic id of the integration's default employee: operator messages must name one. */
  employeeComagicId: number | null;
  /** The chat's employee (the mapped operator who first answered, else ...: chooseChatEmployee), if any. */
  chatEmployee?: ExportEmployee | null | undefined;
  /** CarrotQuest admin id -> the employee that operator is mapped to («Сотрудники»). */
  operatorEmployees?: ReadonlyMap<string, ExportEmployee> | undefined;
  messages: ReadonlyArray<{
    sentAt: Date;
    author: 'visitor' | 'operator' | 'system' | 'bot';
    text: string | null;
    /** CarrotQuest admin id of the message's author, when known. */
    operatorId?: string | null | undefined;
  }>;
}

/** An employee of the account as the export names it. */
export interface ExportEmployee {
  name: string;
  comagicId: number | null;
}

export interface DataApiChatContext {
  /** Dates are never sent in the future. */
  now: Date;
  /** The account's IANA zone (get.account), or DATA_API_FALLBACK_TIME_ZONE when that was refused. */
  timeZone: string;
}

export type DataApiChatResult = { exportable: true; chat: DataApiChat } | { exportable: false; reason: string };

const SECOND_MS = 1000;

/**
 * visitor_session_id: "сессия должна быть создана не раньше 180 дней до date_time" — we read
 * date_time as the chat's start_date_time (the chat has no other date_time; docs/export.md, "Not confirmed against a live account"),
 * and a day as 24 hours.
 */
export const DATA_API_SESSION_MAX_AGE_MS = 180 * 24 * 60 * 60 * SECOND_MS;

/** visitor_session_id is a number (the tracker's Comagic.getSessionId()); ours is digits we captured. */
const SESSION_ID = /^\d{1,15}$/;

const wholeSecond = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;

/**
 * Whether the Data API takes this session for a chat starting at `chatStartMs` (whole seconds):
 * start_date_time "Должна быть позже чем у переданной сессии посетителя" (strictly later), and the
 * session "должна быть создана не раньше 180 дней до date_time".
 */
export function isSessionAcceptedForChat(sessionStartedAt: Date, chatStartMs: number): boolean {
  const sessionStart = wholeSecond(sessionStartedAt.getTime());
  return chatStartMs > sessionStart && chatStartMs - sessionStart <= DATA_API_SESSION_MAX_AGE_MS;
}

const notExportable = (reason: string): DataApiChatResult => ({ exportable: false, reason });

/**
 * Builds the upload for one chat, or says (in Russian, for the page) why it cannot be uploaded; such a
 * chat is recorded as not exportable and never retried. The Data API's rules applied here:
 * - "phone или email" is required; `phone` is "в формате E164", which every example in the docs writes
 *   as digits without a plus (79539693061): we send it so;
 * - one of "visitor_session_id, campaign_id или site_id" — we send exactly one: the tracker session when
 *   the chat was attributed by one and the API takes it (isSessionAcceptedForChat), else the campaign
 *   (never -1: "Нельзя передавать campaign_id = -1"), else the source with its site;
 * - start_date_time "Не может быть в будущем"; a message's date_time "Не может быть в будущем" and
 *   "Должна быть позже чем start_date_time" (strictly): a message at or before the start second is
 *   moved to one second after it, keeping the messages' order;
 * - employee_id is "обязательный параметр если source = operator".
 */
export function buildDataApiChat(chat: ExportableChat, context: DataApiChatContext): DataApiChatResult {
  if (!chat.contactPhone && !chat.contactEmail)
    return notExportable('нет ни телефона, ни email: CoMagic принимает чат только с одним из них');

  const now = wholeSecond(context.now.getTime());
  // One second before now at the latest, so that a message can be strictly after the start and still not in the future.
  const start = Math.min(wholeSecond(chat.startedAt.getTime()), now - SECOND_MS);

  let attribution: Pick<DataApiChat, 'visitor_session_id' | 'campaign_id' | 'source_id' | 'site_id'>;
  // A session the Data API would refuse for this chat falls back to the chat's campaign, or source +
  // site, which our attribution recorded from that same session.
  const session =
    chat.attributionKind === 'session' &&
    chat.sessionExternalId &&
    SESSION_ID.test(chat.sessionExternalId) &&
    chat.sessionStartedAt &&
    isSessionAcceptedForChat(chat.sessionStartedAt, start)
      ? Number(chat.sessionExternalId)
      : null;
  if (session !== null) {
    attribution = { visitor_session_id: session };
  } else if (chat.trafficType === 'campaign') {
    if (chat.campaignComagicId === null || chat.campaignComagicId <= 0)
      return notExportable('у рекламной кампании чата нет id в CoMagic: укажите его в каталоге и загрузите чат заново');
    attribution = { campaign_id: chat.campaignComagicId };
  } else {
    if (chat.sourceComagicId === null || chat.siteComagicId === null)
      return notExportable('у источника или сайта чата нет id в CoMagic: укажите их в каталоге и загрузите чат заново');
    attribution = { source_id: chat.sourceComagicId, site_id: chat.siteComagicId };
  }

  const messages: DataApiMessage[] = [];
  for (const m of chat.messages) {
    if (!m.text) continue;
    // Bots are not on the page's list (operator, visitor, system): we send them as system (our choice).
    const source = m.author === 'visitor' ? 'visitor' : m.author === 'operator' ? 'operator' : 'system';
    const employee = source === 'operator' ? operatorMessageEmployee(chat, m.operatorId ?? null) : null;
    if (employee && employee.comagicId === null) return notExportable(employee.refusal);
    // Clamping is monotonic, so messages in time order stay in time order.
    const at = Math.min(Math.max(wholeSecond(m.sentAt.getTime()), start + SECOND_MS), now);
    messages.push({
      date_time: formatDataApiDateTime(new Date(at), context.timeZone),
      source,
      ...(employee?.comagicId != null ? { employee_id: employee.comagicId } : {}),
      message: m.text,
    });
  }

  return {
    exportable: true,
    chat: {
      ext_id: chat.id,
      start_date_time: formatDataApiDateTime(new Date(start), context.timeZone),
      status: messages.some((m) => m.source === 'operator') ? 'succeed' : 'lost',
      initiator: 'visitor',
      ...(chat.contactName ? { name: chat.contactName } : {}),
      ...(chat.contactPhone ? { phone: chat.contactPhone.replace(/^\+/, '') } : {}),
      ...(chat.contactEmail ? { email: chat.contactEmail } : {}),
      ...attribution,
      messages,
    },
  };
}

const DEFAULT_EMPLOYEE_WITHOUT_ID =
  'у сотрудника по умолчанию нет id в CoMagic, а сообщения оператора без него не принимаются: укажите его в каталоге и загрузите чат заново';

/**
 * The employee an operator message is sent as (messageEmployee: its author's mapped employee, else the
 * chat's, else the default), with why the chat cannot go when that employee has no CoMagic id.
 */
function operatorMessageEmployee(
  chat: ExportableChat,
  operatorId: string | null,
): { comagicId: number | null; refusal: string } {
  const defaultEmployee = { name: null, comagicId: chat.employeeComagicId };
  const chosen = messageEmployee<{ name: string | null; comagicId: number | null }>(
    { operatorId },
    {
      employeeOf: (adminId) => chat.operatorEmployees?.get(adminId) ?? null,
      chatEmployee: chat.chatEmployee ?? null,
      defaultEmployee,
    },
  )!;
  const refusal =
    chosen === defaultEmployee
      ? DEFAULT_EMPLOYEE_WITHOUT_ID
      : `у сотрудника «${chosen.name ?? ''}» нет id в CoMagic, а сообщения оператора без него не принимаются: укажите его в каталоге и загрузите чат заново`;
  return { comagicId: chosen.comagicId, refusal };
}
