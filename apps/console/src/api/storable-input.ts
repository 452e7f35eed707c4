import { z } from 'zod';

/**
 * Input primitives every console schema builds on, so that what passes validation is something
 * PostgreSQL can store and compute with: a value it refuses (a NUL in text, year 0) would otherwise
 * surface as a 500 from deep inside a query.
 */

const CONTROL_CHARACTERS_MESSAGE = 'Управляющие символы (\\0 и другие) недопустимы';

/** C0 controls and DEL: a NUL is refused by PostgreSQL's text type; the others have no business in a name or key. */
function isControlCharacter(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

function hasNoControlCharacters(value: string, allowed: ReadonlySet<number>): boolean {
  // A loop, not a regular expression: linear, and no control characters spelled inside a pattern.
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (isControlCharacter(code) && !allowed.has(code)) return false;
  }
  return true;
}

const NONE = new Set<number>();
/** Tab, line feed, carriage return: what text copied from a page or a URL may legitimately carry. */
const WHITESPACE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/** `schema` (a string format such as z.url(), which lets a NUL through) with no control character at all. */
export function withoutControlCharacters<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine((value) => hasNoControlCharacters(value, NONE), { message: CONTROL_CHARACTERS_MESSAGE });
}

/** A name, key, id or address: one line, no control character at all. */
export function lineText() {
  return withoutControlCharacters(z.string());
}

/** Text captured from a visitor's browser (UTM tags, referrer): tabs and line breaks pass, NUL and other controls do not. */
export function capturedText() {
  return z
    .string()
    .refine((value) => hasNoControlCharacters(value, WHITESPACE_CONTROLS), { message: CONTROL_CHARACTERS_MESSAGE });
}

/**
 * Dates the console accepts, as YYYY-MM-DD. Nothing we store predates 2000 (CarrotQuest and the tracker
 * are far younger) or is planned past 2100; outside it a date is a typo or an attack (year 0 is
 * refused by PostgreSQL, 275760 by JavaScript), never a period someone means.
 */
export const FIRST_INPUT_DAY = '2000-01-01';
export const LAST_INPUT_DAY = '2100-12-31';
export const DATE_RANGE_MESSAGE = `Дата между ${FIRST_INPUT_DAY} и ${LAST_INPUT_DAY}`;
/** The same range for instants: from the first day's start to the end of the last, in UTC. */
const FIRST_INPUT_INSTANT = Date.parse(`${FIRST_INPUT_DAY}T00:00:00Z`);
const END_OF_INPUT_INSTANT = Date.parse(`${LAST_INPUT_DAY}T00:00:00Z`) + 24 * 60 * 60 * 1000;

/** Whether an instant lies in the range the console accepts. */
export function isWithinInputRange(instant: Date): boolean {
  const t = instant.getTime();
  return t >= FIRST_INPUT_INSTANT && t < END_OF_INPUT_INSTANT;
}

/** A calendar day, YYYY-MM-DD, within the accepted range. */
export function inputDay(message = 'Дата в формате ГГГГ-ММ-ДД') {
  return z.iso
    .date({ message })
    .refine((day) => day >= FIRST_INPUT_DAY && day <= LAST_INPUT_DAY, { message: DATE_RANGE_MESSAGE });
}

/** An ISO 8601 instant with a zone offset, within the accepted range. */
export function inputInstant() {
  return z.iso
    .datetime({ offset: true })
    .refine((text) => isWithinInputRange(new Date(text)), { message: DATE_RANGE_MESSAGE });
}
