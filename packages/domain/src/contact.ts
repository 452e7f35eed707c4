import {
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import type { CarrotQuestProps } from './carrotquest-shapes';

export interface DroppedContactValue {
  field: 'name' | 'phone' | 'email';
  reason: string;
}

export interface Contact {
  name: string | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
  phoneFrom: 'props' | 'message' | null;
  emailFrom: 'props' | 'message' | null;
  /** Values present but unusable; reasons only, never the value itself (it is personal data). */
  dropped: DroppedContactValue[];
}

export const DEFAULT_PHONE_REGION: CountryCode = 'RU';
const MAX_NAME_LENGTH = 255;
// Deliberately simple: one @, a dot in the domain, no spaces. Anything stricter rejects real addresses.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const MAX_EMAIL_LENGTH = 254;

export function isPhoneRegion(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function normaliseName(value: unknown): string | null {
  const text = asText(value);
  if (!text) return null;
  return text.replace(/\s+/g, ' ').slice(0, MAX_NAME_LENGTH);
}

/**
 * E.164 allows at most 15 digits (ITU-T E.164, 6.1); libphonenumber's metadata calls some longer German
 * numbers valid, which no phone field downstream (the Data API's among them) would take.
 */
const MAX_E164_LENGTH = 16;

function isE164(parsed: { isValid(): boolean; number: string }): boolean {
  return parsed.isValid() && parsed.number.length <= MAX_E164_LENGTH;
}

/** E.164 when the value is a valid number (read in `region` when written without a country code), else null. */
export function normalisePhone(value: unknown, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  const text = asText(value);
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && isE164(parsed) ? parsed.number : null;
}

export function normaliseEmail(value: unknown): string | null {
  const text = asText(value);
  if (!text) return null;
  if (text.length > MAX_EMAIL_LENGTH) return null;
  const email = text.toLowerCase();
  return EMAIL_PATTERN.test(email) ? email : null;
}

/**
 * Fewer digits than this cannot be a phone number in any region an integration may choose: the shortest
 * national number any numbering plan in libphonenumber's metadata allows is 4 digits (contact.test.ts
 * reads it from the metadata).
 */
export const MIN_PHONE_DIGITS = 4;

/**
 * How much of the visitor's text is searched for a phone or an email: the first 4,096 characters of each
 * message and 16,384 in all. A visitor types a contact into a short message; a pasted megabyte is stored
 * whole but not searched past this, because the phone matcher costs microseconds per character and a
 * stranger chooses the text (issue #20: one message must not block the worker).
 */
export const CONTACT_SCAN_CHARS_PER_TEXT = 4096;
export const CONTACT_SCAN_CHARS_IN_ALL = 16_384;
/** A cut moves back to the last whitespace within this many characters, so no number is cut in two. */
const CUT_LOOKBACK = 64;

/** The part of `text` that is searched: at most `limit` characters, cut at whitespace where one is near. */
export function scannedPart(text: string, limit: number): string {
  if (text.length <= limit) return text;
  for (let cut = limit; cut > limit - CUT_LOOKBACK && cut > 0; cut -= 1) {
    if (text.charCodeAt(cut) <= 0x20) return text.slice(0, cut);
  }
  return text.slice(0, limit);
}

function digitCount(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += 1;
  }
  return digits;
}

export function findPhoneInText(text: string, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  // Most messages hold no phone; the matcher is costly on every number-like candidate it rejects
  // (an Error per candidate), so skip texts that cannot hold one.
  if (digitCount(text) < MIN_PHONE_DIGITS) return null;
  for (const found of findPhoneNumbersInText(text, region)) {
    if (isE164(found.number)) return found.number.number;
  }
  return null;
}

/**
 * The first email written in a text. A linear scan from each `@` (no regular expression over the whole
 * text: a pattern that starts anywhere rescans a long run of letters once per position, which is quadratic
 * on text a visitor controls). The address is the run of allowed characters on each side of the `@`;
 * its domain ends with the last dot followed by two or more Latin letters.
 */
export function findEmailInText(text: string): string | null {
  let at = text.indexOf('@');
  while (at !== -1) {
    const candidate = emailAround(text, at);
    const email = candidate ? normaliseEmail(candidate) : null;
    if (email) return email;
    at = text.indexOf('@', at + 1);
  }
  return null;
}

const NOT_IN_EMAIL = new Set([...'@<>()[],;:"\''].map((c) => c.charCodeAt(0)));

function isEmailCharacter(code: number): boolean {
  // Whitespace as JavaScript's \s sees it for the characters a chat holds (ASCII and the common Unicode spaces).
  if (code <= 0x20 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a))
    return false;
  if (code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff)
    return false;
  return !NOT_IN_EMAIL.has(code);
}

function isLatinLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Each character is looked at by at most the two `@`s around it: the scan stops at the next `@` either way. */
function emailAround(text: string, at: number): string | null {
  let start = at;
  while (start > 0 && isEmailCharacter(text.charCodeAt(start - 1))) start -= 1;
  if (start === at) return null;
  let end = at + 1;
  while (end < text.length && isEmailCharacter(text.charCodeAt(end))) end += 1;
  // The domain's last dot that is followed by at least two Latin letters and preceded by something.
  for (let dot = end - 1; dot > at + 1; dot -= 1) {
    if (text.charCodeAt(dot) !== 46) continue;
    let letters = dot + 1;
    while (letters < end && isLatinLetter(text.charCodeAt(letters))) letters += 1;
    if (letters - dot - 1 >= 2) return text.slice(start, letters);
  }
  return null;
}

/**
 * Name, phone and email of the visitor. User props come first; when they lack a usable phone or email,
 * the first valid one the VISITOR wrote in the chat is taken (operators type their own numbers too).
 */
export function extractContact(
  props: CarrotQuestProps | null | undefined,
  visitorTexts: readonly string[],
  region: CountryCode = DEFAULT_PHONE_REGION,
): Contact {
  const dropped: DroppedContactValue[] = [];
  const name = normaliseName(props?.$name);

  let phone = normalisePhone(props?.$phone, region);
  let phoneFrom: Contact['phoneFrom'] = phone ? 'props' : null;
  if (!phone && asText(props?.$phone))
    dropped.push({ field: 'phone', reason: `not a valid phone number for region ${region}` });

  let email = normaliseEmail(props?.$email);
  let emailFrom: Contact['emailFrom'] = email ? 'props' : null;
  if (!email && asText(props?.$email)) dropped.push({ field: 'email', reason: 'not a valid email address' });

  let budget = CONTACT_SCAN_CHARS_IN_ALL;
  for (const whole of visitorTexts) {
    if (budget <= 0) break;
    const text = scannedPart(whole, Math.min(CONTACT_SCAN_CHARS_PER_TEXT, budget));
    budget -= text.length;
    if (!phone) {
      phone = findPhoneInText(text, region);
      if (phone) phoneFrom = 'message';
    }
    if (!email) {
      email = findEmailInText(text);
      if (email) emailFrom = 'message';
    }
    if (phone && email) break;
  }

  return { name, phone, email, phoneFrom, emailFrom, dropped };
}
