// The Data API's dates: "Все поля связанные с датой и временем передаются в формате YYYY-MM-DD hh:mm:ss"
// (https://comagic.github.io/data_api/, "Соглашения"), no offset; we read them as the wall clock of the
// account's zone (get.account `timezone`, https://comagic.github.io/data_api/account/get_account/) — the
// docs do not say so for reports (docs/comagic-data-api.md §6.3). Formatting is the domain's
// (formatDataApiDateTime, and dataApiWallClockMs reads the text); placing it in the zone is here, built
// on the formatter so that both agree on every zone rule.
import { dataApiWallClockMs as wallClockMs, formatDataApiDateTime } from '@carrot-bridge/domain';

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
