import type { ChatChannel } from './channel';
import { EMPTY_UTM, type SessionCapture, type Utm } from './session-capture';

/** What an integration attributes chats to: advertising campaigns, or sources with their sites. */
export const TRAFFIC_TYPES = ['campaign', 'source'] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];
export type AttributionKind = 'session' | 'mapping' | 'default' | 'forced';

/** The analytics sessions older than this are not attributed (CoMagic/UIS refuse them too). */
export const MAX_SESSION_AGE_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface MessengerMappingRule {
  messenger: ChatChannel;
  campaignId: string | null;
  sourceId: string | null;
  siteId: string | null;
}

export interface AttributionSettings {
  accountId: string;
  trafficType: TrafficType;
  forcedMode: boolean;
  defaultCampaignId: string | null;
  defaultSourceId: string | null;
  defaultSiteId: string | null;
  mappings: readonly MessengerMappingRule[];
}

/** A visitor session as stored in the cabinet (looked up by the id the script captured). */
export interface KnownVisitorSession extends Utm {
  id: string;
  accountId: string;
  startedAt: Date;
  /** Null for a session read from the cabinet whose site our catalog does not know. */
  siteId: string | null;
  campaignId: string | null;
  sourceId: string | null;
  referrer: string | null;
  entrancePage: string | null;
}

export interface Attribution extends Utm {
  kind: AttributionKind;
  visitorSessionId: string | null;
  campaignId: string | null;
  sourceId: string | null;
  siteId: string | null;
  referrer: string | null;
  entrancePage: string | null;
}

export interface AttributionInput {
  settings: AttributionSettings;
  channel: ChatChannel;
  chatStartedAt: Date;
  capture: SessionCapture | null;
  /** The session found for `capture.sessionId`, if any; it is checked here, not trusted. */
  session: KnownVisitorSession | null;
}

export type SessionRejection = 'other-account' | 'started-after-chat' | 'too-old';

/** Why a found session may not be used for this chat, or null when it may. */
export function rejectSession(
  session: KnownVisitorSession,
  accountId: string,
  chatStartedAt: Date,
): SessionRejection | null {
  if (session.accountId !== accountId) return 'other-account';
  const age = chatStartedAt.getTime() - session.startedAt.getTime();
  if (age < 0) return 'started-after-chat';
  if (age > MAX_SESSION_AGE_DAYS * DAY_MS) return 'too-old';
  return null;
}

function defaultTarget(settings: AttributionSettings): Pick<Attribution, 'campaignId' | 'sourceId' | 'siteId'> {
  return settings.trafficType === 'campaign'
    ? { campaignId: settings.defaultCampaignId, sourceId: null, siteId: null }
    : { campaignId: null, sourceId: settings.defaultSourceId, siteId: settings.defaultSiteId };
}

function capturedVisit(capture: SessionCapture | null): Utm & Pick<Attribution, 'referrer' | 'entrancePage'> {
  if (!capture) return { ...EMPTY_UTM, referrer: null, entrancePage: null };
  const { utmSource, utmMedium, utmCampaign, utmTerm, utmContent, referrer, entrancePage } = capture;
  return { utmSource, utmMedium, utmCampaign, utmTerm, utmContent, referrer, entrancePage };
}

/**
 * Where a chat came from. Order: forced mode -> a usable visitor session -> the messenger's mapping ->
 * the default of the traffic type. What the script captured (UTMs, referrer, landing page) stays on the
 * chat whatever the kind; a session's own values win over the captured ones.
 */
export function resolveAttribution(input: AttributionInput): Attribution {
  const { settings, channel, capture, session, chatStartedAt } = input;
  const visit = capturedVisit(capture);

  if (settings.forcedMode) {
    return { kind: 'forced', visitorSessionId: null, ...defaultTarget(settings), ...visit };
  }

  if (session && rejectSession(session, settings.accountId, chatStartedAt) === null) {
    return {
      kind: 'session',
      visitorSessionId: session.id,
      campaignId: session.campaignId,
      sourceId: session.sourceId,
      siteId: session.siteId,
      utmSource: session.utmSource ?? visit.utmSource,
      utmMedium: session.utmMedium ?? visit.utmMedium,
      utmCampaign: session.utmCampaign ?? visit.utmCampaign,
      utmTerm: session.utmTerm ?? visit.utmTerm,
      utmContent: session.utmContent ?? visit.utmContent,
      referrer: session.referrer ?? visit.referrer,
      entrancePage: session.entrancePage ?? visit.entrancePage,
    };
  }

  const mapping = settings.mappings.find((rule) => rule.messenger === channel);
  if (mapping) {
    const target =
      settings.trafficType === 'campaign'
        ? { campaignId: mapping.campaignId, sourceId: null, siteId: null }
        : { campaignId: null, sourceId: mapping.sourceId, siteId: mapping.siteId };
    return { kind: 'mapping', visitorSessionId: null, ...target, ...visit };
  }

  return { kind: 'default', visitorSessionId: null, ...defaultTarget(settings), ...visit };
}

/**
 * A chat imported again (resolved twice, replayed) keeps its first attribution, so reports do not
 * shift under the user; the one exception is a `default` that a session or a mapping now explains.
 */
export function mergeAttribution(previous: Attribution | null, next: Attribution): Attribution {
  if (!previous) return next;
  if (previous.kind === 'default' && (next.kind === 'session' || next.kind === 'mapping')) return next;
  return previous;
}
