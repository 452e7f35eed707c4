import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 24 random bytes = 192 bits, well above the 128 a guessing attack would have to beat. */
const WEBHOOK_KEY_BYTES = 24;
const WEBHOOK_KEY_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** The secret part of an integration's webhook URL (base64url, 32 characters). */
export function generateWebhookKey(): string {
  return randomBytes(WEBHOOK_KEY_BYTES).toString('base64url');
}

export function isWellFormedWebhookKey(value: string): boolean {
  return WEBHOOK_KEY_PATTERN.test(value);
}

/** What is stored and looked up instead of the key itself: a leaked table or Redis dump gives no URL. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time equality of two secrets of any length (compares their SHA-256 digests). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
