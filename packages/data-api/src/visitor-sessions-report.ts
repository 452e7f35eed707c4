// get.visitor_sessions_report: https://comagic.github.io/data_api/report/get_visitor_sessions_report/
import { formatDataApiDateTime, type VisitFields } from '@carrot-bridge/domain';
import { parseDataApiDateTime, wallClockSpanMs } from './account-date-time';
import { DataApiError, DataApiErrorCode } from './data-api-error';
import type { RowReader } from './answer-rows';

/** One row of the session report, with the fields attribution needs. */
export interface CabinetVisitorSession extends VisitFields {
  id: number;
  visitorId: number;
  startedAt: Date;
  siteId: number | null;
  campaignId: number | null;
  sourceId: number | null;
}

export interface VisitorSessionsQuery {
  visitorId: number;
  from: Date;
  till: Date;
  /** The account's zone (get.account): the report's dates are its wall clock. */
  timeZone: string;
}

/**
 * "Максимальный период выгрузки отчёта 90 дней" (https://comagic.github.io/data_api/reports/); the `get`
 * errors say "Max value of requested date interval is 3 months" (date_interval_limit_reached,
 * https://comagic.github.io/data_api/, #get). 90 days is the stricter of the two (3 months can be 92 days).
 */
export const VISITOR_SESSIONS_MAX_WINDOW_MS = 90 * 24 * 3_600_000;

/**
 * `id` and `date_time` are not default fields ("Ответ по умолчанию"), so every field is named; `id` is
 * not filterable, `visitor_id` is (the page's columns; docs/comagic-data-api.md §3).
 */
export const VISITOR_SESSION_FIELDS = [
  'id',
  'date_time',
  'visitor_id',
  'site_id',
  'campaign_id',
  'source_id',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'referrer',
  'entrance_page',
] as const;

/**
 * The report's params for one visitor in a window: `date_from` / `date_till` (required, "YYYY-MM-DD
 * hh:mm:ss") on the account's wall clock, `filter` {field, operator, value} ("Фильтрация",
 * https://comagic.github.io/data_api/, #_15). A window longer than 90 days — on the instants or on the
 * wall clock, which a DST change makes an hour longer — is refused before any call.
 */
export function visitorSessionsParams(query: VisitorSessionsQuery): Record<string, unknown> {
  const { visitorId, from, till, timeZone } = query;
  if (!Number.isSafeInteger(visitorId)) throw new RangeError('visitorId must be an exact integer');
  if (!(till.getTime() >= from.getTime())) throw new RangeError('the window must end after it starts');
  if (
    till.getTime() - from.getTime() > VISITOR_SESSIONS_MAX_WINDOW_MS ||
    wallClockSpanMs(from, till, timeZone) > VISITOR_SESSIONS_MAX_WINDOW_MS
  )
    throw new RangeError('get.visitor_sessions_report reads at most 90 days a call');
  return {
    date_from: formatDataApiDateTime(from, timeZone),
    date_till: formatDataApiDateTime(till, timeZone),
    filter: { field: 'visitor_id', operator: '=', value: visitorId },
    fields: [...VISITOR_SESSION_FIELDS],
  };
}

export function readVisitorSession(row: RowReader, timeZone: string): CabinetVisitorSession {
  const startedAt = parseDataApiDateTime(row.raw('date_time'), timeZone);
  if (!startedAt)
    throw new DataApiError(
      DataApiErrorCode.UnexpectedAnswer,
      'get.visitor_sessions_report: date_time is not YYYY-MM-DD hh:mm:ss',
    );
  return {
    id: row.id('id'),
    visitorId: row.id('visitor_id'),
    startedAt,
    siteId: row.optionalId('site_id'),
    campaignId: row.optionalId('campaign_id'),
    sourceId: row.optionalId('source_id'),
    utmSource: row.text('utm_source'),
    utmMedium: row.text('utm_medium'),
    utmCampaign: row.text('utm_campaign'),
    utmTerm: row.text('utm_term'),
    utmContent: row.text('utm_content'),
    referrer: row.text('referrer'),
    entrancePage: row.text('entrance_page'),
  };
}
