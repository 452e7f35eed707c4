import { keyedDigest } from './keyed-digest';

/** Separates this use of SECRETS_KEY from every other (sealing, the webhook directory's digests). */
const HKDF_INFO = 'carrot-bridge/api-token-digest/v1';

/**
 * What an account's API token is stored and looked up as (`ApiToken.tokenHash`): HMAC-SHA-256 in hex
 * under a key derived from SECRETS_KEY (base64, 32 bytes) with HKDF. A copy of the table alone allows no
 * offline guessing, and the console needs no other secret to deploy. Equal tokens give equal digests, so
 * a token is found by an indexed lookup of its digest: no comparison of secrets in the process at all.
 */
export function apiTokenDigest(secretsKeyBase64: string, token: string): string {
  return keyedDigest(secretsKeyBase64, HKDF_INFO, token);
}
