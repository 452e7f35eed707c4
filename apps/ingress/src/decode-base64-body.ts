import { parseExactJson } from '@carrot-bridge/domain';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * CarrotQuest's chat-webhook article (https://help.carrotquest.io/article/187) says the POST "будет
 * закодирован в base64" while its example shows form-urlencoded. A body that parsed into no `type` field
 * and is entirely base64 is decoded and read again, as form fields or as JSON; anything else is left as
 * it came (and refused with the usual reason). Returns null when the body is not such a body.
 */
export function decodeBase64Body(raw: Buffer | undefined, parsed: unknown): Record<string, unknown> | null {
  if (!raw || raw.length === 0 || raw.length > 1024 * 1024) return null;
  if (parsed && typeof parsed === 'object' && Object.prototype.hasOwnProperty.call(parsed, 'type')) return null;
  const text = raw.toString('latin1').replace(/\s+/g, '');
  if (!BASE64.test(text)) return null;
  const decoded = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64').toString('utf8');
  const trimmed = decoded.trimStart();
  try {
    if (trimmed.startsWith('{')) {
      const json = parseExactJson(decoded);
      return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
    }
    const fields = Object.fromEntries(new URLSearchParams(decoded));
    return typeof fields.type === 'string' ? fields : null;
  } catch {
    return null;
  }
}
