import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The derived key of each use (`info`), for the last SECRETS_KEY it was asked with: deriving it again
 * for every digest was 4-6% of the worker's CPU in the pipeline bench (an import digests the person's
 * ids to look for an erasure). One entry per `info` (a constant of each caller), so it stays bounded.
 */
const derivedKeys = new Map<string, { secretsKeyBase64: string; key: Buffer }>();

function derivedKey(secretsKeyBase64: string, info: string): Buffer {
  const known = derivedKeys.get(info);
  if (known?.secretsKeyBase64 === secretsKeyBase64) return known.key;
  const ikm = Buffer.from(secretsKeyBase64, 'base64');
  if (ikm.length !== 32) throw new Error(`the secrets key must be 32 bytes, got ${ikm.length}`);
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
  derivedKeys.set(info, { secretsKeyBase64, key });
  return key;
}

/**
 * HMAC-SHA-256 in hex of `input` under a key derived from SECRETS_KEY (base64, 32 bytes) with HKDF; `info`
 * keeps each use's key apart from every other's.
 */
export function keyedDigest(secretsKeyBase64: string, info: string, input: string): string {
  return createHmac('sha256', derivedKey(secretsKeyBase64, info)).update(input, 'utf8').digest('hex');
}
