import { findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { CqProps } from './carrotquest-shapes';

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
const EMAIL_IN_TEXT = /[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']+\.[a-zA-Z]{2,}/g;

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

/** E.164 when the value is a valid number (read in `region` when written without a country code), else null. */
export function normalisePhone(value: unknown, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  const text = asText(value);
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export function normaliseEmail(value: unknown): string | null {
  const text = asText(value);
  if (!text) return null;
  const email = text.toLowerCase();
  return EMAIL_PATTERN.test(email) && email.length <= 254 ? email : null;
}

/**
 * Fewer digits than this cannot be a phone number in any region an integration may choose: the shortest
 * national number any numbering plan in libphonenumber's metadata allows is 4 digits (contact.test.ts
 * reads it from the metadata).
 */
export const MIN_PHONE_DIGITS = 4;

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
  // (an Error per candidate: 6.5% of the worker's CPU in its profile), so skip texts that cannot hold one.
  if (digitCount(text) < MIN_PHONE_DIGITS) return null;
  for (const found of findPhoneNumbersInText(text, region)) {
    if (found.number.isValid()) return found.number.number;
  }
  return null;
}

export function findEmailInText(text: string): string | null {
  for (const match of text.match(EMAIL_IN_TEXT) ?? []) {
    const email = normaliseEmail(match.replace(/[.]+$/, ''));
    if (email) return email;
  }
  return null;
}

/**
 * Name, phone and email of the visitor. User props come first; when they lack a usable phone or email,
 * the first valid one the VISITOR wrote in the chat is taken (operators type their own numbers too).
 */
export function extractContact(
  props: CqProps | null | undefined,
  visitorTexts: readonly string[],
  region: CountryCode = DEFAULT_PHONE_REGION,
): Contact {
  const dropped: DroppedContactValue[] = [];
  const name = normaliseName(props?.$name);

  let phone = normalisePhone(props?.$phone, region);
  let phoneFrom: Contact['phoneFrom'] = phone ? 'props' : null;
  if (!phone && asText(props?.$phone)) dropped.push({ field: 'phone', reason: `not a valid phone number for region ${region}` });

  let email = normaliseEmail(props?.$email);
  let emailFrom: Contact['emailFrom'] = email ? 'props' : null;
  if (!email && asText(props?.$email)) dropped.push({ field: 'email', reason: 'not a valid email address' });

  for (const text of visitorTexts) {
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
