import type { UnderstoodBody } from '@carrot-bridge/delivery-log';
import { parseExactJson } from '@carrot-bridge/domain';

/** Base64 or base64url text and nothing else (whitespace already removed): one pass, no backtracking. */
function isBase64Text(text: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */ && text.length - end < 2) end -= 1;
  if (end === 0) return false;
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2f ||
      c === 0x2d ||
      c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

/** The text without ASCII whitespace (line breaks of MIME-style base64), in one pass. */
function withoutWhitespace(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * CarrotQuest's chat-webhook article (https://help.carrotquest.io/article/187) says the POST "будет
 * закодирован в base64" while its example shows form-urlencoded. A body that parsed into no `type` field
 * and is entirely base64 is decoded and read again, as form fields or as JSON; anything else is left as
 * it came (and refused with the usual reason). Returns null when the body is not such a body.
 */
export function decodeBase64Body(raw: Buffer | undefined, parsed: unknown): UnderstoodBody | null {
  if (!raw || raw.length === 0 || raw.length > 1024 * 1024) return null;
  if (parsed && typeof parsed === 'object' && Object.prototype.hasOwnProperty.call(parsed, 'type')) return null;
  const text = withoutWhitespace(raw.toString('latin1'));
  if (!isBase64Text(text)) return null;
  const decoded = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64').toString('utf8');
  const trimmed = decoded.trimStart();
  try {
    if (trimmed.startsWith('{')) {
      const json = parseExactJson(decoded);
      return json && typeof json === 'object' && !Array.isArray(json)
        ? { encoding: 'base64+json', fields: json as Record<string, unknown> }
        : null;
    }
    const fields = Object.fromEntries(new URLSearchParams(decoded));
    return typeof fields.type === 'string' ? { encoding: 'base64+form', fields } : null;
  } catch {
    return null;
  }
}
