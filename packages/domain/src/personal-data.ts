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
  if (typeof raw !== 'string') return { problems: [{ field, message: 'Ожидается строка' }] };
  if (raw.length > MAX_CRITERION_CHARS)
    return { problems: [{ field, message: `Не длиннее ${MAX_CRITERION_CHARS} символов` }] };
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

/** What an erasure asks of a text: whether it names the person (DeliveryLog, the job sweep). */
export interface TextMatcher {
  matches(text: string): boolean;
}

/** A person as the stores that keep text as it came may name them: phones (E.164) and other texts. */
export interface PersonalDataNeedles {
  phones: readonly string[];
  /** E-mails, names, CarrotQuest user ids, conversation ids: found as written, case aside. */
  texts: readonly string[];
}

/**
 * Whether a text names a person, built once per erasure and asked of every text in Redis. A phone is
 * found however it is written: the text's runs of digit groups joined by separators («+7 916 123-45-67»,
 * «8(916)1234567», «916 123 45 67») are compared with the phone's digits in E.164, the national number
 * and the national number after the trunk prefix («8» in Russia, «0» in Germany). A run matches when a
 * sequence of its whole groups spells one of those, so «99161234567» or a longer run of digits is
 * someone else's. Other texts are found anywhere, case aside; one made only of digits (an id) must stand
 * alone, so conversation 123 is not found in 91234. Linear in the text: one pass for the phones (a
 * target has at most 15 digits, so at most 15 groups are joined from each), one indexOf per text.
 */
export class PersonalDataMatcher implements TextMatcher {
  private readonly phoneDigits: ReadonlySet<string>;
  private readonly longestPhone: number;
  private readonly words: readonly string[];
  private readonly numbers: readonly string[];

  constructor({ phones, texts }: PersonalDataNeedles) {
    this.phoneDigits = new Set(phones.flatMap(phoneDigitForms).filter((digits) => digits !== ''));
    this.longestPhone = Math.max(0, ...[...this.phoneDigits].map((digits) => digits.length));
    const lower = [...new Set(texts.map((text) => text.toLowerCase()).filter((text) => text !== ''))];
    this.numbers = lower.filter((text) => /^\d+$/.test(text));
    this.words = lower.filter((text) => !/^\d+$/.test(text));
  }

  matches(text: string): boolean {
    if (this.phoneDigits.size > 0 && this.namesPhone(text)) return true;
    if (this.words.length === 0 && this.numbers.length === 0) return false;
    const lower = text.toLowerCase();
    if (this.words.some((word) => lower.includes(word))) return true;
    return this.numbers.some((number) => standsAlone(lower, number));
  }

  /** One pass over the text: each run of digit groups, checked as it ends. */
  private namesPhone(text: string): boolean {
    let groups: string[] = [];
    let group = '';
    for (let at = 0; at <= text.length; at += 1) {
      const code = at < text.length ? text.charCodeAt(at) : -1;
      if (isDigit(code)) {
        group += text[at];
        continue;
      }
      if (group !== '') {
        groups.push(group);
        group = '';
      }
      if (groups.length > 0 && (code === -1 || !isPhoneSeparator(code))) {
        if (this.spellsPhone(groups)) return true;
        groups = [];
      }
    }
    return false;
  }

  /** Whether whole consecutive groups of a run spell one of the phones' digit forms. */
  private spellsPhone(groups: readonly string[]): boolean {
    for (let first = 0; first < groups.length; first += 1) {
      let digits = '';
      for (let last = first; last < groups.length; last += 1) {
        digits += groups[last];
        if (digits.length > this.longestPhone) break;
        if (this.phoneDigits.has(digits)) return true;
      }
    }
    return false;
  }
}

/**
 * The digits a phone is written with: E.164 without «+», the national number and, where the country
 * dials a trunk prefix, the prefix and the national number («8» + «9161234567»).
 */
function phoneDigitForms(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164.replace(/\D/g, '')];
  const national = String(parsed.nationalNumber);
  const nationalWritten = parsed.formatNational().replace(/\D/g, '');
  const trunk = nationalWritten.endsWith(national) ? nationalWritten.slice(0, -national.length) : '';
  return [parsed.number.slice(1), national, ...(trunk ? [`${trunk}${national}`] : [])];
}

/**
 * What joins a phone's digit groups in texts: spaces (the non-breaking, figure, thin and narrow ones
 * too), hyphens and dashes, brackets, dots and «+».
 */
function isPhoneSeparator(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x2007 ||
    code === 0x2009 ||
    code === 0x202f ||
    code === 0x2d ||
    (code >= 0x2010 && code <= 0x2015) ||
    code === 0x28 ||
    code === 0x29 ||
    code === 0x2e ||
    code === 0x2b
  );
}

/** Whether `number` occurs in `text` with no digit right before or after it. */
function standsAlone(text: string, number: string): boolean {
  for (let at = text.indexOf(number); at !== -1; at = text.indexOf(number, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 0;
    const after = at + number.length < text.length ? text.charCodeAt(at + number.length) : 0;
    if (!isDigit(before) && !isDigit(after)) return true;
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
