// Looking up in the customer's cabinet a visitor session our script captured but our table does not
// know (docs/cabinet.md, "Sessions from the cabinet"). The cabinet's report is
// get.visitor_sessions_report (https://comagic.github.io/data_api/report/get_visitor_sessions_report/):
// it filters by `visitor_id` (F), not by the session's `id`, over a period of at most 90 days, so a
// session is found by its visitor in a window around when it started, then matched by id in the rows.
import type { SessionCapture } from './session-capture';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How far either side of the session's start the report is read: one day covers a clock or zone slip. */
export const SESSION_LOOKUP_WINDOW_MS = DAY_MS;

/** The cabinet's ids are numbers (the tracker's Comagic.getSessionId(), the visitor's id). */
const CABINET_ID = /^\d{1,15}$/;

export interface SessionLookupTimings {
  /** Between two reads of the report while the session is not in it yet. */
  retryMs: number;
  /** From the request on: after this the session is "unknown" and the chat's export stops waiting. */
  giveUpAfterMs: number;
}

/** The bound the decision took: every 2 minutes, for up to 2 hours (docs/cabinet.md). */
export const DEFAULT_SESSION_LOOKUP_TIMINGS: SessionLookupTimings = {
  retryMs: 2 * 60_000,
  giveUpAfterMs: 2 * 60 * 60_000,
};

export interface SessionLookupRequest {
  externalId: string;
  visitorId: string;
  /** The captured session start, else the chat's start. */
  around: Date;
  giveUpAt: Date;
}

/**
 * Whether a chat's captured session is to be looked up in the cabinet: the account is connected, the
 * session is not in our table, the script captured both ids as the cabinet's numbers, and forced mode
 * (which ignores sessions) is off. Null: attribute with what we have, nothing to wait for.
 */
export function decideSessionLookup(input: {
  capture: SessionCapture;
  sessionKnown: boolean;
  accountConnected: boolean;
  forcedMode: boolean;
  chatStartedAt: Date;
  now: Date;
  timings: SessionLookupTimings;
}): SessionLookupRequest | null {
  const { capture } = input;
  if (!input.accountConnected || input.sessionKnown || input.forcedMode) return null;
  if (!capture.sessionId || !CABINET_ID.test(capture.sessionId)) return null;
  if (!capture.visitorId || !CABINET_ID.test(capture.visitorId)) return null;
  return {
    externalId: capture.sessionId,
    visitorId: capture.visitorId,
    around: capture.sessionStartedAt ?? input.chatStartedAt,
    giveUpAt: new Date(input.now.getTime() + input.timings.giveUpAfterMs),
  };
}

/**
 * "Максимальный период выгрузки отчёта 90 дней" (https://comagic.github.io/data_api/reports/); the
 * error `date_interval_limit_reached` says 3 months (https://comagic.github.io/data_api/): 90 days is within both.
 */
export const SESSION_REPORT_MAX_PERIOD_MS = 90 * DAY_MS;

export interface SessionLookupWindow {
  from: Date;
  till: Date;
  /** The indexes (into the given list) of the lookups this period covers. */
  members: number[];
}

/**
 * The report's periods for one visitor's lookups: each lookup is read over [around − 1 day, around +
 * 1 day]; lookups whose windows fit together in 90 days share one period (one call), so a visitor's
 * lookups cost one call unless they lie months apart.
 */
export function sessionLookupWindows(arounds: readonly Date[]): SessionLookupWindow[] {
  const order = arounds.map((around, index) => ({ at: around.getTime(), index })).sort((a, b) => a.at - b.at);
  const windows: Array<{ from: number; till: number; members: number[] }> = [];
  for (const { at, index } of order) {
    const from = at - SESSION_LOOKUP_WINDOW_MS;
    const till = at + SESSION_LOOKUP_WINDOW_MS;
    const last = windows.at(-1);
    if (last && till - last.from <= SESSION_REPORT_MAX_PERIOD_MS) {
      last.till = Math.max(last.till, till);
      last.members.push(index);
    } else windows.push({ from, till, members: [index] });
  }
  return windows.map((w) => ({ from: new Date(w.from), till: new Date(w.till), members: w.members }));
}

export type SessionLookupStep =
  | { status: 'found' }
  /** Not in the report yet (the cabinet lags behind the visit): read it again at `nextAttemptAt`. */
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'unknown' };

/** What one read of the report means for one lookup. */
export function nextSessionLookupStep(input: {
  inReport: boolean;
  giveUpAt: Date;
  now: Date;
  timings: SessionLookupTimings;
}): SessionLookupStep {
  if (input.inReport) return { status: 'found' };
  const next = input.now.getTime() + input.timings.retryMs;
  if (input.now.getTime() >= input.giveUpAt.getTime()) return { status: 'unknown' };
  return { status: 'pending', nextAttemptAt: new Date(Math.min(next, input.giveUpAt.getTime())) };
}

/**
 * Whether the export holds a chat back for its session lookup: only while the lookup is pending and
 * its giveUpAt has not passed (the bound); after that the chat goes with what it has.
 */
export function sessionLookupHoldsExport(lookup: { status: string; giveUpAt: Date }, now: Date): boolean {
  return lookup.status === 'pending' && now.getTime() < lookup.giveUpAt.getTime();
}

/** Shown on a chat exported on its default before its session was found (docs/cabinet.md). */
export const SESSION_FOUND_AFTER_EXPORT_NOTE =
  'сессия найдена после выгрузки: атрибуция здесь обновлена, в CoMagic чат остался с прежней (повторно не выгружается)';
