// Dates for the CoMagic / UIS Data API: `YYYY-MM-DD hh:mm:ss` in the account's time zone.
//
// Format: "Все поля связанные с датой и временем передаются в формате YYYY-MM-DD hh:mm:ss"
//   https://comagic.github.io/data_api/ (Соглашения)
// Zone: get.account returns `timezone`, "Формат IANA zoneinfo", "Текущий часовой пояс аккаунта"
//   https://comagic.github.io/data_api/account/get_account/
// The docs do not say in so many words that upload.chats reads its dates in that zone; we assume it
// (docs/export.md, "Not confirmed against a live account").

/** `YYYY-MM-DD hh:mm:ss`, wall-clock time of the account's zone, no offset (the API takes none). */
export type DataApiDateTime = string;

/**
 * The zone we assume when get.account is refused: CoMagic accounts are created in Moscow time by
 * default (our assumption, not the docs'); the integration shows that it was assumed.
 */
export const DATA_API_FALLBACK_TIME_ZONE = 'Europe/Moscow';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows (get.account's answer is checked with it). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The instant as the account's wall clock, truncated to the second (the format has no fractions). */
export function formatDataApiDateTime(date: Date, timeZone: string): DataApiDateTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * A date in the format read as if it were UTC (ms): a wall-clock time with no zone yet, which the
 * caller places in the account's zone. Null for anything not a real date in the format.
 */
export function dataApiWallClockMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = WALL_CLOCK.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}
