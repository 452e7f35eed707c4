// The fake account's clock: the Data API's dates are "YYYY-MM-DD hh:mm:ss"
// (https://comagic.github.io/data_api/, "Соглашения") and, we assume, the wall clock of the account's
// zone that get.account reports (https://comagic.github.io/data_api/account/get_account/). The zone
// arithmetic is written apart from the client's formatter on purpose: the fake must not share the code
// it checks; reading the format's digits (the domain's pure dataApiWallClockMs) carries no zone rule.
import { dataApiWallClockMs } from '@carrot-bridge/domain';

function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(instant / 1000) * 1000
  );
}

/** The instant (ms) a wall-clock date of `timeZone` means, or null when it is not a valid date in that format. */
export function parseAccountDateTime(value: unknown, timeZone: string): number | null {
  const wall = dataApiWallClockMs(value);
  if (wall === null) return null;
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

/** The instant (ms) as the wall clock of `timeZone`, "YYYY-MM-DD hh:mm:ss" (how the fake answers dates). */
export function formatAccountDateTime(instant: number, timeZone: string): string {
  const wall = Math.floor(instant / 1000) * 1000 + zoneOffsetMs(instant, timeZone);
  return new Date(wall).toISOString().slice(0, 19).replace('T', ' ');
}

/** The wall-clock distance between two valid dates of the format (what a window "of 90 days" measures). */
export function wallClockSpanMs(from: string, till: string): number {
  return dataApiWallClockMs(till)! - dataApiWallClockMs(from)!;
}
