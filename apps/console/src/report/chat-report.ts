import { z } from 'zod';
import { REPORT_DIMENSIONS, type ChatsPerDayRow, type ReportDimension } from '@carrot-bridge/db';
import { CHANNEL_LABELS } from '@carrot-bridge/domain';
import { periodTooLongMessage } from '../api/period-too-long';
import { inputDay, lineText } from '../api/storable-input';

/** Days are cut in the account's zone; accounts carry none yet, so Moscow, as the Data API export assumes. */
export const DEFAULT_REPORT_TIME_ZONE = 'Europe/Moscow';
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

const isoDay = inputDay();
const ianaZone = lineText()
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'Неизвестный часовой пояс' },
  );

export const reportQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    // Its refusal lists the values with the page's names (api/input-choices.ts).
    dimension: z.enum(REPORT_DIMENSIONS).default('source'),
    integrationId: z.uuid({ message: 'Некорректный идентификатор интеграции' }).optional(),
    timeZone: ianaZone.default(DEFAULT_REPORT_TIME_ZONE),
  })
  .superRefine((q, ctx) => {
    // Both days included: 2025-01-01 … 2025-01-01 is one day.
    const days = Math.round((Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS) + 1;
    if (days <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Конец периода раньше его начала' });
    else if (days > MAX_REPORT_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: periodTooLongMessage(days, MAX_REPORT_DAYS) });
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const KIND_LABELS: Record<string, string> = {
  session: 'По сессии',
  mapping: 'По сопоставлению',
  default: 'По умолчанию',
  forced: 'Принудительно',
};
// A chat without a campaign was attributed to a source (an integration of the source traffic type, or a
// session CoMagic knows no campaign of), and the other way round: the label says so, so that it does not read
// like CoMagic's own system campaign «Посетители без рекламной кампании» of a site (a campaign like any other,
// shown with its site's domain).
const EMPTY_BUCKET: Record<ReportDimension, string> = {
  source: 'Источник не определён (чат по кампании)',
  campaign: 'Кампания не определена (чат по источнику)',
  channel: '—',
  attributionKind: '—',
  // A chat stored with no employee: no operator of it mapped and no default employee to fall back on.
  employee: 'Без сотрудника',
};

export interface ReportSeries {
  /** The bucket's id or enum value; `none` for chats without one. */
  key: string;
  label: string;
  /** Chats per day, in the order of `ChatReport.days`. */
  perDay: number[];
  total: number;
}

export interface ChatReport {
  dimension: ReportDimension;
  from: string;
  to: string;
  timeZone: string;
  /** Every day of the period (YYYY-MM-DD), days without chats included. */
  days: string[];
  /** Largest first. */
  series: ReportSeries[];
  totals: { perDay: number[]; total: number };
}

/** Every calendar day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  // Bounded: a period longer than the limit is refused after counting one day past it.
  for (let t = start; t <= end && days.length <= MAX_REPORT_DAYS; t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function bucketLabel(dimension: ReportDimension, row: ChatsPerDayRow): string {
  if (row.bucket === null) return EMPTY_BUCKET[dimension];
  if (dimension === 'channel') return CHANNEL_LABELS[row.bucket as keyof typeof CHANNEL_LABELS] ?? row.bucket;
  if (dimension === 'attributionKind') return KIND_LABELS[row.bucket] ?? row.bucket;
  // A campaign's site tells the two «Посетители без рекламной кампании» of two sites apart.
  if (dimension === 'campaign') return row.siteDomain ? `${row.name} — ${row.siteDomain}` : (row.name ?? row.bucket);
  return row.name ?? row.bucket;
}

/** The aggregate's rows as a days × buckets table with totals: what the chart, the table and the CSV show. */
export function buildChatReport(query: ReportQuery, rows: readonly ChatsPerDayRow[]): ChatReport {
  const days = daysBetween(query.from, query.to);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const byKey = new Map<string, ReportSeries>();
  for (const row of rows) {
    const i = dayIndex.get(row.day);
    if (i === undefined) continue;
    const key = row.bucket ?? 'none';
    let series = byKey.get(key);
    if (!series) {
      series = { key, label: bucketLabel(query.dimension, row), perDay: days.map(() => 0), total: 0 };
      byKey.set(key, series);
    }
    series.perDay[i]! += row.chats;
    series.total += row.chats;
  }
  const series = [...byKey.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'ru'));
  const perDay = days.map((_, i) => series.reduce((sum, s) => sum + s.perDay[i]!, 0));
  return {
    dimension: query.dimension,
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    days,
    series,
    totals: { perDay, total: perDay.reduce((a, b) => a + b, 0) },
  };
}
