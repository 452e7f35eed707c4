import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords of the console's people (issue #24). node's scrypt is memory-hard and ships with node, so
// nothing native is downloaded or compiled at install (argon2 packages need a prebuilt binary per
// platform). Stored as `scrypt$N$r$p$salt$hash`, salt and hash in base64, so the cost can be raised
// later without breaking the hashes already stored: each carries its own parameters.

/**
 * The lead's decision (issue #24 design): N=2^15, r=8, p=1 — 32 MiB and ~0.1 s per hash, what a small
 * server pays per sign-in. OWASP's cheat sheet asks for N=2^17; a stored hash carries its own cost, so
 * raising COST later needs no migration (old hashes keep verifying).
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** The most a stored hash may ask for (a tampered row must not make a sign-in allocate gigabytes). */
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 4;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, keylen: number, cost: { N: number; r: number; p: number }) {
  // scrypt needs 128 × N × r bytes; node's default limit (32 MiB) is exactly that at our cost, so allow twice.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** The string to store for `password`: a fresh random salt each time. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Whether `password` is the one `stored` was made from, compared in constant time. A malformed or
 * out-of-bounds stored value is never a match (false, not an error: the caller answers as for a wrong
 * password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false;
  const salt = Buffer.from(match[4]!, 'base64');
  const expected = Buffer.from(match[5]!, 'base64');
  if (salt.length === 0 || expected.length < 16) return false;
  const actual = await derive(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}
