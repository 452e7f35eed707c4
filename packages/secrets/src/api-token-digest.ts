import { createHmac, hkdfSync } from 'node:crypto';

/** Separates this use of SECRETS_KEY from every other (sealing, the webhook directory's digests). */
const HKDF_INFO = 'carrot-bridge/api-token-digest/v1';

/**
 * What an account's API token is stored and looked up as (`ApiToken.tokenHash`): HMAC-SHA-256 in hex
 * under a key derived from SECRETS_KEY (base64, 32 bytes) with HKDF. A copy of the table alone allows no
 * offline guessing, and the console needs no other secret to deploy. Equal tokens give equal digests, so
 * a token is found by an indexed lookup of its digest: no comparison of secrets in the process at all.
 */
export function apiTokenDigest(secretsKeyBase64: string, token: string): string {
  const ikm = Buffer.from(secretsKeyBase64, 'base64');
  if (ikm.length !== 32) throw new Error(`the secrets key must be 32 bytes, got ${ikm.length}`);
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), HKDF_INFO, 32));
  return createHmac('sha256', key).update(token, 'utf8').digest('hex');
}
