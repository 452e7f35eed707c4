// The forms a secret may take in stored text: as it is, percent-encoded (each character or some),
// \u-escaped (each character or some, at any escaping depth), and base64 / base64url at each of the
// three byte alignments (a secret inside a longer encoded text starts at byte 0, 1 or 2 of a 3-byte group).
// Every search here reads the text a fixed number of times (no pattern that can backtrack): it runs on
// text a stranger wrote.

export interface TokenTrace {
  name: string;
  /** A text holding the secret in this form, to show the search finds it. */
  example: string;
  foundIn(text: string): boolean;
}

const BACKSLASH = 0x5c;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** The value of `length` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, length: number): number {
  if (at + length > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + length; i += 1) {
    const digit = hexValue(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** At one position of a scan: replace the text up to `to` with `insert`, or (a number) read on from there. */
type ScanStep = { to: number; insert: string } | number;

/** The text with each replacement `step` asks for, read once from start to end. */
function rewrite(text: string, step: (text: string, at: number) => ScanStep): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const next = step(text, i);
    if (typeof next === 'number') {
      i = next;
      continue;
    }
    parts.push(text.slice(copied, i), next.insert);
    i = next.to;
    copied = i;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Where the run of backslashes starting at `at` ends. */
function backslashRunEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && text.charCodeAt(end) === BACKSLASH) end += 1;
  return end;
}

/** One pass: %XX, a run of backslashes before uXXXX, and a run of backslashes before / become the character. */
function decodeStep(text: string, at: number): ScanStep {
  const c = text.charCodeAt(at);
  if (c === 0x25) {
    const value = hexAt(text, at + 1, 2);
    return value >= 0 ? { to: at + 3, insert: String.fromCharCode(value) } : at + 1;
  }
  if (c !== BACKSLASH) return at + 1;
  const end = backslashRunEnd(text, at);
  const next = text.charCodeAt(end);
  const value = next === 0x75 ? hexAt(text, end + 1, 4) : -1;
  if (value >= 0) return { to: end + 5, insert: String.fromCharCode(value) };
  if (next === 0x2f) return { to: end + 1, insert: '/' };
  // The whole run is read once here, so a long run of backslashes is not re-read from each of them.
  return end;
}

/** Undoes percent-encoding and JSON escapes (any depth of backslashes) of characters, so a partly encoded secret reads plain. */
export function plainText(text: string): string {
  // Two rounds: a %5Cu0074 (percent-encoded \u escape) or a \u0025 (escaped %) becomes plain too.
  return rewrite(rewrite(text, decodeStep), decodeStep);
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
}

/** White space goes, and an escaped \r or \n (behind any number of backslashes); anything else stays. */
function lineBreakStep(text: string, at: number): ScanStep {
  const c = text.charCodeAt(at);
  if (isSpace(c)) return { to: at + 1, insert: '' };
  if (c !== BACKSLASH) return at + 1;
  const end = backslashRunEnd(text, at);
  const next = text.charCodeAt(end);
  return next === 0x72 || next === 0x6e ? { to: end + 1, insert: '' } : end;
}

/** Base64 text with its line breaks gone (real, or escaped by any number of backslashes), after plainText. */
export function joinedText(plain: string): string {
  return rewrite(plain, lineBreakStep);
}

/** The base64 characters that depend on the secret's bytes only, when it starts `offset` bytes into a 3-byte group. */
function base64Core(secret: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  let encoded = Buffer.concat([Buffer.alloc(offset, 0x41), secret]).toString(alphabet);
  while (encoded.endsWith('=')) encoded = encoded.slice(0, -1);
  const lead = Math.ceil((offset * 8) / 6);
  const endsOnGroup = (offset + secret.length) % 3 === 0;
  return encoded.slice(lead, endsOnGroup ? encoded.length : encoded.length - 1);
}

function escapeCharacter(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Each form of the secret, with an example text holding it. */
export function tokenTraces(secret: string): TokenTrace[] {
  const bytes = Buffer.from(secret, 'utf8');
  const escapeEach = [...secret].map(escapeCharacter).join('');
  const escapeSome = [...secret].map((c, i) => (i % 3 === 0 ? escapeCharacter(c) : c)).join('');
  const percentEach = [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  // Each form decodes the same text: it is decoded once.
  const decoded: { text: string | null; plain: string; joined: string } = { text: null, plain: '', joined: '' };
  const decode = (text: string) => {
    if (decoded.text !== text) {
      decoded.text = text;
      decoded.plain = plainText(text);
      decoded.joined = joinedText(decoded.plain);
    }
    return decoded;
  };
  const inPlain = (text: string) => decode(text).plain.includes(secret);
  const traces: TokenTrace[] = [
    { name: 'as text', example: secret, foundIn: (text) => text.includes(secret) },
    { name: 'percent-encoded', example: encodeURIComponent(secret), foundIn: inPlain },
    { name: 'percent-encoded, each byte', example: percentEach.toLowerCase(), foundIn: inPlain },
    { name: '\\u-escaped, each character', example: escapeEach, foundIn: inPlain },
    {
      name: '\\u-escaped, some characters, escaped twice',
      example: escapeSome.split('\\u').join('\\\\u'),
      foundIn: inPlain,
    },
  ];
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (let offset = 0; offset < 3; offset += 1) {
      const core = base64Core(bytes, offset, alphabet);
      const example = Buffer.concat([Buffer.from('xyz'.slice(0, offset)), bytes, Buffer.from('tail')]).toString(
        alphabet,
      );
      traces.push({
        name: `${alphabet} at byte ${offset}`,
        // A line break inside, as MIME base64 has.
        example: `${example.slice(0, 10)}\r\n${example.slice(10)}`,
        foundIn: (text) => core.length > 0 && decode(text).joined.includes(core),
      });
    }
  }
  return traces;
}

/**
 * The name of the first form in which one of the secrets appears in the text, or null. Linear in the
 * text's length: a fixed number of passes per secret.
 */
export function findTokenTrace(text: string, secrets: readonly string[]): string | null {
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const trace = tokenTraces(secret).find((t) => t.foundIn(text));
    if (trace) return trace.name;
  }
  return null;
}
