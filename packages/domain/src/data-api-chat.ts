// How one of our chats becomes a chat of the CoMagic / UIS Data API's `upload.chats` (JSON-RPC 2.0).
// Facts from the Data API's documentation as summarised in shared/notes/analytics-cabinet.md; where it
// is silent (date format and time zone, bot messages) the choice is ours and says so.

/** The Data API's date-time format, in the account's time zone. */
export type DataApiDateTime = string;

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
  messages: ReadonlyArray<{ sentAt: Date; author: 'visitor' | 'operator' | 'system' | 'bot'; text: string | null }>;
}

export type DataApiChatResult = { exportable: true; chat: DataApiChat } | { exportable: false; reason: string };

/**
 * The Data API reads dates in the account's time zone; CoMagic accounts default to Moscow (UTC+3,
 * no daylight saving). An assumption until the account's zone is stored with the integration.
 */
export const DATA_API_UTC_OFFSET_MINUTES = 180;

export function formatDataApiDateTime(date: Date, offsetMinutes = DATA_API_UTC_OFFSET_MINUTES): DataApiDateTime {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

const SESSION_ID = /^\d{1,15}$/;
/** The Data API refuses sessions older than this (counted back from the upload). */
export const DATA_API_SESSION_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

/**
 * Builds the upload for one chat, or says why it cannot be uploaded (then it is recorded as not
 * exportable, never retried). The Data API's rules applied here: phone (E.164) or email required;
 * one attribution key — the tracker session when the chat was attributed by one and it is at most
 * 180 days old, otherwise the
 * campaign, or the source with its site; no date in the future; no message before the start; every
 * operator message carries an employee id.
 */
export function buildDataApiChat(chat: ExportableChat, now: Date): DataApiChatResult {
  if (!chat.contactPhone && !chat.contactEmail) return { exportable: false, reason: 'no phone or email: the Data API requires one of them' };

  let attribution: Pick<DataApiChat, 'visitor_session_id' | 'campaign_id' | 'source_id' | 'site_id'>;
  // A session the Data API would refuse as too old (a late export, a backfill) falls back to the
  // chat's campaign or source, which our attribution also recorded.
  const sessionUsable = chat.sessionStartedAt === null || now.getTime() - chat.sessionStartedAt.getTime() <= DATA_API_SESSION_MAX_AGE_MS;
  if (chat.attributionKind === 'session' && chat.sessionExternalId && SESSION_ID.test(chat.sessionExternalId) && sessionUsable) {
    attribution = { visitor_session_id: Number(chat.sessionExternalId) };
  } else if (chat.trafficType === 'campaign') {
    if (chat.campaignComagicId === null) return { exportable: false, reason: "the chat's campaign has no CoMagic id: set it in the catalog" };
    attribution = { campaign_id: chat.campaignComagicId };
  } else {
    if (chat.sourceComagicId === null || chat.siteComagicId === null) return { exportable: false, reason: "the chat's source or site has no CoMagic id: set them in the catalog" };
    attribution = { source_id: chat.sourceComagicId, site_id: chat.siteComagicId };
  }

  const start = chat.startedAt.getTime() > now.getTime() ? now : chat.startedAt;
  const clamp = (date: Date) => new Date(Math.min(Math.max(date.getTime(), start.getTime()), now.getTime()));
  const messages: DataApiMessage[] = [];
  for (const m of chat.messages) {
    if (!m.text) continue;
    const source = m.author === 'visitor' ? 'visitor' : m.author === 'operator' ? 'operator' : 'system';
    if (source === 'operator' && chat.employeeComagicId === null) {
      return { exportable: false, reason: "operator messages need an employee: set the default employee's CoMagic id in the catalog" };
    }
    messages.push({ date_time: formatDataApiDateTime(clamp(m.sentAt)), source, ...(source === 'operator' ? { employee_id: chat.employeeComagicId! } : {}), message: m.text });
  }

  return {
    exportable: true,
    chat: {
      ext_id: chat.id,
      start_date_time: formatDataApiDateTime(start),
      status: messages.some((m) => m.source === 'operator') ? 'succeed' : 'lost',
      initiator: 'visitor',
      ...(chat.contactName ? { name: chat.contactName } : {}),
      ...(chat.contactPhone ? { phone: chat.contactPhone } : {}),
      ...(chat.contactEmail ? { email: chat.contactEmail } : {}),
      ...attribution,
      messages,
    },
  };
}
