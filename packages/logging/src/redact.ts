/**
 * Log hygiene, applied to every line: secrets are removed by key name, contact data is masked
 * wherever it appears (a phone or email can end up in any field or message text).
 */

// Secret-like key names, shared with the delivery log (@carrot-bridge/delivery-log imports it: logging
// depends on nothing of ours, so neither points the wrong way). A name is read as words (camelCase,
// snake_case, kebab-case, dots): `auth` is a secret, `author` is not.
/** A word holding one of these is a secret wherever it stands (password, passwd, authToken, set-cookie). */
const SECRET_WORD_PARTS = ['token', 'secret', 'passw', 'cookie', 'credential', 'signature'];
/** Whole words that are secrets. */
const SECRET_WORDS = new Set(['pass', 'pwd', 'passphrase', 'auth', 'authorization', 'authorisation', 'authentication']);
/** `key` is a secret as the last word, or after one of these (apiKeyId, webhook_key_hash); also written as one word. */
const KEY_OWNERS = new Set(['api', 'webhook', 'private', 'secret', 'access', 'signing']);

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** The words of a key name, lower-cased, in one pass: "x-api-key" → x api key, "APIKeyId" → api key id. */
export function keyNameWords(name: string): string[] {
  const words: string[] = [];
  let start = -1;
  const end = (at: number) => {
    if (start !== -1) words.push(name.slice(start, at).toLowerCase());
    start = -1;
  };
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (!(isUpper(code) || isLower(code) || isDigit(code))) {
      end(i);
      continue;
    }
    const previous = name.charCodeAt(i - 1);
    // A new word at aB, and at the last capital of a run followed by a small letter (APIKey → API Key).
    if (start !== -1 && isUpper(code) && (isLower(previous) || isDigit(previous) || isLower(name.charCodeAt(i + 1))))
      end(i);
    if (start === -1) start = i;
  }
  end(name.length);
  return words;
}

/** Whether a field of this name holds a secret (a token, key, password, cookie, credential, signature or authorisation). */
export function isSecretKeyName(name: string): boolean {
  const words = keyNameWords(name);
  return words.some((word, i) => {
    if (SECRET_WORDS.has(word) || SECRET_WORD_PARTS.some((part) => word.includes(part))) return true;
    if (word === 'key') return i === words.length - 1 || KEY_OWNERS.has(words[i - 1] ?? '');
    return word.endsWith('key') && KEY_OWNERS.has(word.slice(0, -3));
  });
}

// Starts only where a run of address characters starts (the lookbehind), so a long run without an @
// is read once, not once per position: masking runs on text a stranger controls (paths, headers).
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const PHONE_KEY = /(phone|tel)$/i;
export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 8;

export function maskEmail(email: string): string {
  return email.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

function maskDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${phone.trim().startsWith('+') ? '+' : ''}${digits.slice(0, 2)}******${digits.slice(-2)}`;
}

/**
 * Masks numbers written like phones: with a leading + or with separators (+79123456789, 8 (912) 345 67 89)
 * and 10 to 15 digits. Bare digit runs are left alone in free text, because CarrotQuest ids are 10-digit
 * numbers too; fields NAMED like a phone are masked whatever their shape (see PHONE_KEY). One pass over
 * the text: each run of phone characters is read once (a pattern with two overlapping quantifiers here
 * backtracked polynomially on runs of separators).
 */
export function maskPhone(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!startsPhone(text, i)) {
      i += 1;
      continue;
    }
    let end = i + 1;
    let lastDigit = isDigit(text.charCodeAt(i)) ? i : -1;
    let separated = false;
    while (end < text.length && isPhoneCharacter(text.charCodeAt(end))) {
      if (isDigit(text.charCodeAt(end))) {
        // A separator counts only between digits, not trailing after the number.
        if (lastDigit !== -1 && lastDigit !== end - 1) separated = true;
        lastDigit = end;
      }
      end += 1;
    }
    const candidate = text.slice(i, lastDigit + 1);
    const after = text.charCodeAt(lastDigit + 1);
    const digits = countDigits(candidate);
    const phoneLike =
      (text[i] === '+' || separated) && digits >= 10 && digits <= 15 && !(isWordCharacter(after) || after === 45);
    if (phoneLike) {
      out += text.slice(copied, i) + maskDigits(candidate);
      copied = lastDigit + 1;
    }
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordCharacter(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Digits, whitespace, parentheses and hyphens: what a written phone number is made of after its start. */
function isPhoneCharacter(code: number): boolean {
  return (
    isDigit(code) ||
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 160 ||
    code === 40 ||
    code === 41 ||
    code === 45
  );
}

/** A digit, or + before a digit, that does not continue a word, a number or a +/- sign. */
function startsPhone(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  const starts = isDigit(code) || (code === 43 && isDigit(text.charCodeAt(at + 1)));
  if (!starts || at === 0) return starts;
  const before = text.charCodeAt(at - 1);
  return !(isWordCharacter(before) || before === 43 || before === 45);
}

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) if (isDigit(text.charCodeAt(i))) digits += 1;
  return digits;
}

export function maskText(text: string): string {
  return maskPhone(maskEmail(text));
}

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value) || depth > MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: maskText(value.message),
      stack: value.stack ? maskText(value.stack) : undefined,
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const present = item !== null && item !== undefined && typeof item !== 'boolean';
    if (present && isSecretKeyName(key)) out[key] = REDACTED;
    else if (present && PHONE_KEY.test(key) && (typeof item === 'string' || typeof item === 'number'))
      out[key] = maskDigits(String(item));
    else out[key] = redact(item, depth + 1, seen);
  }
  return out;
}
