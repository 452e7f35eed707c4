import { keyedDigest } from './keyed-digest';

/** Separates this use of SECRETS_KEY from every other (sealing, API tokens, the webhook directory). */
const HKDF_INFO = 'carrot-bridge/personal-data-digest/v1';

/**
 * How an erased person is remembered (ErasedSubject, the act's criterion): HMAC-SHA-256 in hex of
 * `kind:value` (the domain's criterionDigestInput) under a key derived from SECRETS_KEY. A plain hash of
 * a phone number falls to a dictionary of every number in minutes; without the key a copy of the
 * database cannot be turned back into phones, and with it the import still recognises the person.
 */
export function personalDataDigest(secretsKeyBase64: string, digestInput: string): string {
  return keyedDigest(secretsKeyBase64, HKDF_INFO, digestInput);
}
