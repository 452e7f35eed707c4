import type { CarrotQuestProps } from './carrotquest-shapes';

/**
 * CarrotQuest user props that our JS script writes. Defined once here: the script generator and the
 * worker both read these names, so a rename cannot break one side silently.
 */
export const SESSION_PROPS = {
  sessionId: 'cb_session_id',
  visitorId: 'cb_visitor_id',
  siteKey: 'cb_site_key',
  sessionStartedAt: 'cb_session_started_at',
  utmSource: 'cb_utm_source',
  utmMedium: 'cb_utm_medium',
  utmCampaign: 'cb_utm_campaign',
  utmTerm: 'cb_utm_term',
  utmContent: 'cb_utm_content',
  referrer: 'cb_referrer',
  entrancePage: 'cb_entrance_page',
} as const;

export interface Utm {
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
}

export const EMPTY_UTM: Utm = { utmSource: null, utmMedium: null, utmCampaign: null, utmTerm: null, utmContent: null };

/**
 * The visit's marketing fields: what the script captures, what a visitor session (ours or the cabinet's
 * report) holds, and what a chat keeps. One definition, so a new UTM-like field is added in one place.
 */
export interface VisitFields extends Utm {
  referrer: string | null;
  entrancePage: string | null;
}

/** What the script captured about the visit, as found on the CarrotQuest user. */
export interface SessionCapture extends VisitFields {
  sessionId: string | null;
  visitorId: string | null;
  siteKey: string | null;
  sessionStartedAt: Date | null;
}

// CarrotQuest stores at most 255 characters in a string prop; longer input is not ours.
const MAX_PROP_LENGTH = 255;

function propText(props: CarrotQuestProps, name: string): string | null {
  const value = props[name];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text && text.length <= MAX_PROP_LENGTH ? text : null;
}

function propDate(props: CarrotQuestProps, name: string): Date | null {
  const value = props[name];
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export function extractSessionCapture(propsCustom: CarrotQuestProps | null | undefined): SessionCapture {
  const props = propsCustom ?? {};
  return {
    sessionId: propText(props, SESSION_PROPS.sessionId),
    visitorId: propText(props, SESSION_PROPS.visitorId),
    siteKey: propText(props, SESSION_PROPS.siteKey),
    sessionStartedAt: propDate(props, SESSION_PROPS.sessionStartedAt),
    utmSource: propText(props, SESSION_PROPS.utmSource),
    utmMedium: propText(props, SESSION_PROPS.utmMedium),
    utmCampaign: propText(props, SESSION_PROPS.utmCampaign),
    utmTerm: propText(props, SESSION_PROPS.utmTerm),
    utmContent: propText(props, SESSION_PROPS.utmContent),
    referrer: propText(props, SESSION_PROPS.referrer),
    entrancePage: propText(props, SESSION_PROPS.entrancePage),
  };
}
