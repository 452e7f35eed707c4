/**
 * Log hygiene, applied to every line: secrets are removed by key name, contact data is masked
 * wherever it appears (a phone or email can end up in any field or message text).
 */
const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|cookie|webhook[-_]?key|credential)/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// A number with a leading + or with separators: +79123456789, 8 (912) 345 67 89. Bare digit runs are
// left alone in free text, because CarrotQuest ids are 10-digit numbers too; fields NAMED like a phone
// are masked whatever their shape (see PHONE_KEY).
const PHONE = /(?<![\w+-])(?:\+\d[\d\s()-]{8,}\d|\d[\d()-]*[\s()-][\d\s()-]{6,}\d)(?![\w-])/g;
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

export function maskPhone(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length < 10 || digits.length > 15 ? match : maskDigits(match);
  });
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
    return { name: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const present = item !== null && item !== undefined && typeof item !== 'boolean';
    if (present && SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (present && PHONE_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')) out[key] = maskDigits(String(item));
    else out[key] = redact(item, depth + 1, seen);
  }
  return out;
}
