// The Data API's dates: "Все поля связанные с датой и временем передаются в формате YYYY-MM-DD hh:mm:ss"
// (https://comagic.github.io/data_api/, "Соглашения"), no offset; we read them as the wall clock of the
// account's zone (get.account `timezone`, https://comagic.github.io/data_api/account/get_account/) — the
// docs do not say so for reports (docs/comagic-data-api.md §6.3). Formatting is the domain's
// (formatDataApiDateTime); reading back is here, built on it so that both agree on every zone rule.
import { formatDataApiDateTime } from '@carrot-bridge/domain';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The wall-clock text as if it were UTC (ms), or null when it is not a valid date in the format. */
function wallClockMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = WALL_CLOCK.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

/**
 * The instant a wall-clock date of `timeZone` means, or null for text not in the format. Two rounds of
 * "format the guess, shift by the difference" settle any offset; a time skipped by a DST change lands
 * after the gap, a repeated one on its first occurrence.
 */
export function parseDataApiDateTime(text: unknown, timeZone: string): Date | null {
  const wall = wallClockMs(text);
  if (wall === null) return null;
  let guess = wall;
  for (let round = 0; round < 2; round += 1)
    guess += wall - wallClockMs(formatDataApiDateTime(new Date(guess), timeZone))!;
  return new Date(guess);
}

/** How long the window is on the account's wall clock (what the API sees), which a DST change makes differ from till − from. */
export function wallClockSpanMs(from: Date, till: Date, timeZone: string): number {
  return wallClockMs(formatDataApiDateTime(till, timeZone))! - wallClockMs(formatDataApiDateTime(from, timeZone))!;
}
