// A raw webhook body as it may be shown to an operator: the `token` field and anything key-like
// (a field or JSON key named like a token, key, secret, password, signature or authorisation) replaced,
// everything else exactly as CarrotQuest sent it.

export const REDACTED = '[redacted]';
const KEY_LIKE = /token|secret|passw|api[_-]?key|auth|signature|^key$|_key$/i;

function redactJsonText(text: string): string {
  // On the text, not on a parsed copy: re-serialising would change what is shown (ids past 2^53, spacing).
  return text.replace(/("([^"\\]*)"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g, (whole, head: string, name: string) =>
    KEY_LIKE.test(name) ? `${head}"${REDACTED}"` : whole,
  );
}

function redactForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      const rawName = at < 0 ? pair : pair.slice(0, at);
      let name = rawName;
      let value = at < 0 ? '' : pair.slice(at + 1);
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return KEY_LIKE.test(rawName) ? `${rawName}=${REDACTED}` : pair;
      }
      if (KEY_LIKE.test(name)) return `${rawName}=${encodeURIComponent(REDACTED)}`;
      const trimmed = value.trimStart();
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const redacted = redactJsonText(value);
        return redacted === value ? pair : `${rawName}=${encodeURIComponent(redacted)}`;
      }
      return pair;
    })
    .join('&');
}

export function redactDeliveryBody(body: string, contentType: string | null): string {
  const trimmed = body.trimStart();
  if ((contentType ?? '').includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) return redactJsonText(body);
  return redactForm(body);
}
