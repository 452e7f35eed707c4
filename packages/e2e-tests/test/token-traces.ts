// The forms a secret may take in stored text: as it is, percent-encoded (each character or some),
// \u-escaped (each character or some, at any escaping depth), and base64 / base64url at each of the
// three byte alignments (a secret inside a longer encoded text starts at byte 0, 1 or 2 of a 3-byte group).

export interface TokenTrace {
  name: string;
  /** A text holding the secret in this form, to show the search finds it. */
  example: string;
  foundIn(text: string): boolean;
}

/** Undoes percent-encoding and JSON escapes (any depth of backslashes) of ASCII characters, so a partly encoded secret reads plain. */
function plain(text: string): string {
  let out = text;
  // Two rounds: a %5Cu0074 (percent-encoded \u escape) or a \u0025 (escaped %) becomes plain too.
  for (let round = 0; round < 2; round += 1) {
    out = out
      .replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/(?<!\\)\\+u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/(?<!\\)\\+\//g, '/');
  }
  return out;
}

/** Base64 text with its line breaks gone (real or escaped). */
function joined(text: string): string {
  return plain(text).replace(/(?<!\\)\\+[rn]|\s/g, '');
}

/** The base64 characters that depend on the secret's bytes only, when it starts `offset` bytes into a 3-byte group. */
function base64Core(secret: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset, 0x41), secret])
    .toString(alphabet)
    .replace(/(?<!=)=+$/, '');
  const lead = Math.ceil((offset * 8) / 6);
  const endsOnGroup = (offset + secret.length) % 3 === 0;
  return encoded.slice(lead, endsOnGroup ? encoded.length : encoded.length - 1);
}

export function tokenTraces(secret: string): TokenTrace[] {
  const bytes = Buffer.from(secret, 'utf8');
  const escapeEach = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const escapeSome = [...secret]
    .map((c, i) => (i % 3 === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    .join('');
  const percentEach = [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  const traces: TokenTrace[] = [
    { name: 'as text', example: secret, foundIn: (text) => text.includes(secret) },
    { name: 'percent-encoded', example: encodeURIComponent(secret), foundIn: (text) => plain(text).includes(secret) },
    {
      name: 'percent-encoded, each byte',
      example: percentEach.toLowerCase(),
      foundIn: (text) => plain(text).includes(secret),
    },
    { name: '\\u-escaped, each character', example: escapeEach, foundIn: (text) => plain(text).includes(secret) },
    {
      name: '\\u-escaped, some characters, escaped twice',
      example: escapeSome.replace(/\\u/g, '\\\\u'),
      foundIn: (text) => plain(text).includes(secret),
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
        example: example.replace(/(.{10})/, '$1\r\n'),
        foundIn: (text) => joined(text).includes(core),
      });
    }
  }
  return traces;
}
