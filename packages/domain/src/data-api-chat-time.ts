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
