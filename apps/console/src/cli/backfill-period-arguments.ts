// `pnpm cq backfill --from … [--to …]`: the period read from ISO dates only. A date like «03.11.2026» was
// once read by `new Date` as 11 March and a backfill ran on the wrong months; here anything but
// `YYYY-MM-DD` or a full ISO timestamp with its zone is refused, naming the argument that holds it.
// The backfill works in UTC, as the page's form does (backfill.js: «По» is `<day>T23:59:59Z`): a bare
// `--from` day starts at 00:00 UTC, a bare `--to` day is included whole (to 23:59:59 UTC).
import { MAX_BACKFILL_DAYS } from '../backfill/backfill.service';

export interface BackfillPeriod {
  from: Date;
  to: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A timestamp must say its zone (Z or ±hh:mm): without one, JavaScript reads it in the machine's zone.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const FORMAT = 'YYYY-MM-DD (e.g. 2026-11-03) or an ISO timestamp with its zone (e.g. 2026-11-03T08:00:00Z)';

/** Whether y-m-d is a day of the calendar (2026-02-30 is not: `new Date` would roll it into March). */
function isCalendarDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** One argument's moment, or the problem to print (naming the argument and the format). */
function readMoment(name: '--from' | '--to', text: string): Date | string {
  const day = DAY.exec(text);
  const timestamp = day ? null : TIMESTAMP.exec(text);
  const parts = day ?? timestamp;
  if (!parts) return `${name} must be ${FORMAT}; got "${text}"`;
  const [, y, m, d] = parts as unknown as [string, string, string, string];
  if (!isCalendarDay(y, m, d)) return `${name} "${text}" is not a day of the calendar`;
  if (timestamp && (Number(timestamp[4]) > 23 || Number(timestamp[5]) > 59 || Number(timestamp[6] ?? 0) > 59))
    return `${name} "${text}" is not a time of day`;
  const moment = day ? new Date(`${text}T${name === '--from' ? '00:00:00' : '23:59:59'}Z`) : new Date(text);
  return Number.isNaN(moment.getTime()) ? `${name} must be ${FORMAT}; got "${text}"` : moment;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The backfill's period from `--from` (required) and `--to` (default: now), or the problem naming the
 * argument at fault: a wrong format, a start in the future or after the end, a period too long.
 */
export function readBackfillPeriod(
  fromText: string | undefined,
  toText: string | undefined,
  now = new Date(),
): { ok: true; period: BackfillPeriod } | { ok: false; problem: string } {
  if (fromText === undefined) return { ok: false, problem: `backfill needs --from <${FORMAT.split(' (')[0]}>` };
  const from = readMoment('--from', fromText);
  if (typeof from === 'string') return { ok: false, problem: from };
  const to = toText === undefined ? now : readMoment('--to', toText);
  if (typeof to === 'string') return { ok: false, problem: to };
  if (from > now) return { ok: false, problem: `--from ${fromText} is in the future (now is ${now.toISOString()})` };
  // A `--to` day that is today is fine (its end is later today); a later day is not imported by anything.
  if (toText !== undefined && isoDay(to) > isoDay(now))
    return { ok: false, problem: `--to ${toText} is in the future (today is ${isoDay(now)} UTC)` };
  const toName = toText === undefined ? `--to (not given: now, ${now.toISOString()})` : `--to ${toText}`;
  if (to <= from) return { ok: false, problem: `--from ${fromText} must be before ${toName}` };
  if (to.getTime() - from.getTime() > MAX_BACKFILL_DAYS * 86_400_000)
    return {
      ok: false,
      problem: `the period from --from ${fromText} to ${toName} is longer than ${MAX_BACKFILL_DAYS} days; give a later --from or an earlier --to`,
    };
  return { ok: true, period: { from, to } };
}

const utcMoment = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/** The line printed before a backfill starts: the period as understood, in the zone the backfill uses. */
export function backfillPeriodLine(period: BackfillPeriod): string {
  return `backfill: period ${utcMoment(period.from)} – ${utcMoment(period.to)} (UTC)`;
}
