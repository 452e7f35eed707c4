// The rules of personal data (issue #25, docs/personal-data.md): what an erasure on request names a
// person by, which texts still mention them, and when retention or an erasure covers a chat.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_PHONE_REGION, normaliseEmail, normalisePhone } from './contact';

export type ErasureCriterionKind = 'phone' | 'email' | 'carrot_user';

/** A person as an erasure names them: E.164 phone, lower-case e-mail, or CarrotQuest's user id. */
export interface ErasureCriterion {
  kind: ErasureCriterionKind;
  value: string;
}

/** Who asked for an erasure: the person it concerns, or the account's own decision. */
export type ErasureRequester = 'subject' | 'operator';
export const ERASURE_REQUESTERS: readonly ErasureRequester[] = ['subject', 'operator'];

export interface ErasureCriterionProblem {
  field: 'phone' | 'email' | 'carrotUserId' | 'criterion';
  message: string;
}

/** The request's fields as they came (strings or absent); anything else is a problem. */
export interface ErasureCriterionInput {
  phone?: unknown;
  email?: unknown;
  carrotUserId?: unknown;
}

const CARROT_USER_ID = /^\d{1,30}$/;
const MAX_CRITERION_CHARS = 320;

/**
 * Exactly one criterion, normalised as the import normalises contacts: a phone is read in each of the
 * account's integrations' regions (the first that makes it valid wins), so «8 (916) 123-45-67» and
 * «+79161234567» name the same person.
 */
export function readErasureCriterion(
  input: ErasureCriterionInput,
  regions: readonly CountryCode[] = [DEFAULT_PHONE_REGION],
): { criterion: ErasureCriterion } | { problems: ErasureCriterionProblem[] } {
  const given = (['phone', 'email', 'carrotUserId'] as const).filter(
    (field) => input[field] !== undefined && input[field] !== null && input[field] !== '',
  );
  if (given.length === 0)
    return {
      problems: [{ field: 'criterion', message: 'Укажите одно из: телефон, e-mail или id пользователя CarrotQuest' }],
    };
  if (given.length > 1)
    return {
      problems: given.map((field) => ({
        field,
        message: 'Укажите только один признак: телефон, e-mail или id пользователя CarrotQuest',
      })),
    };
  const field = given[0]!;
  const raw = input[field];
  if (typeof raw !== 'string' || raw.length > MAX_CRITERION_CHARS)
    return { problems: [{ field, message: `Строка до ${MAX_CRITERION_CHARS} символов` }] };
  if (field === 'phone') {
    for (const region of regions.length > 0 ? regions : [DEFAULT_PHONE_REGION]) {
      const phone = normalisePhone(raw, region);
      if (phone) return { criterion: { kind: 'phone', value: phone } };
    }
    return { problems: [{ field, message: 'Это не номер телефона: проверьте цифры и код страны' }] };
  }
  if (field === 'email') {
    const email = normaliseEmail(raw);
    return email
      ? { criterion: { kind: 'email', value: email } }
      : { problems: [{ field, message: 'Это не адрес e-mail' }] };
  }
  const id = raw.trim();
  return CARROT_USER_ID.test(id)
    ? { criterion: { kind: 'carrot_user', value: id } }
    : { problems: [{ field, message: 'id пользователя CarrotQuest — число из цифр' }] };
}

/** What a digest of a criterion is made of: the kind keeps a phone apart from a user id of the same digits. */
export function criterionDigestInput(criterion: ErasureCriterion): string {
  return `${criterion.kind}:${criterion.value}`;
}

/**
 * The ways a phone (E.164) is written in texts and payloads: E.164 with and without «+», international
 * and national formats, the bare national number and, where the country dials a trunk prefix, with it
 * («8 916…» in Russia). Used to find the phone in stores that keep text as it came.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = String(parsed.nationalNumber);
  const spellings = new Set([
    parsed.number,
    parsed.number.slice(1),
    parsed.formatInternational(),
    parsed.formatNational(),
    national,
  ]);
  const nationalFormatted = parsed.formatNational();
  const trunk = nationalFormatted.replace(/\D/g, '').slice(0, -national.length);
  if (trunk) spellings.add(`${trunk}${national}`);
  return [...spellings].filter((s) => s.replace(/\D/g, '').length >= 4);
}

/**
 * Whether `text` mentions any needle. A needle made only of digits (an id, a phone's digits) must stand
 * alone: not inside a longer run of digits, so conversation 123 is not found in 91234. Linear in the
 * text per needle (indexOf), whatever the text holds.
 */
export function mentionsAny(text: string, needles: readonly string[]): boolean {
  const lower = text.toLowerCase();
  for (const needle of needles) {
    if (needle === '') continue;
    const wanted = needle.toLowerCase();
    const digitsOnly = /^\d+$/.test(wanted);
    for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, at + 1)) {
      if (!digitsOnly) return true;
      const before = at > 0 ? lower.charCodeAt(at - 1) : 0;
      const after = at + wanted.length < lower.length ? lower.charCodeAt(at + wanted.length) : 0;
      if (!isDigit(before) && !isDigit(after)) return true;
    }
  }
  return false;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** «Срок хранения переписки»: whole days, from a day to ten years. */
export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Chats that started before this instant are past the retention of `days`. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Whether an erasure covers a question: one that started at or before the erasure (the person's data
 * as they were then); a question the person asks after it is theirs to give, and imported as usual.
 */
export function erasureCoversQuestion(questionStartedAt: Date, erasedAt: Date | null): boolean {
  return erasedAt !== null && questionStartedAt.getTime() <= erasedAt.getTime();
}
