import { createHmac, hkdfSync } from 'node:crypto';

/**
 * HMAC-SHA-256 in hex of `input` under a key derived from SECRETS_KEY (base64, 32 bytes) with HKDF; `info`
 * keeps each use's key apart from every other's.
 */
export function keyedDigest(secretsKeyBase64: string, info: string, input: string): string {
  const ikm = Buffer.from(secretsKeyBase64, 'base64');
  if (ikm.length !== 32) throw new Error(`the secrets key must be 32 bytes, got ${ikm.length}`);
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
  return createHmac('sha256', key).update(input, 'utf8').digest('hex');
}
