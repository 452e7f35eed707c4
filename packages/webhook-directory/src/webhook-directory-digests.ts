import { createHmac, hkdfSync } from 'node:crypto';

/** Separates this use of SECRETS_KEY from every other (AES-GCM sealing uses the key itself). */
const HKDF_INFO = 'carrot-bridge/webhook-directory-digest/v1';

/**
 * Keyed digests (HMAC-SHA-256) of what the webhook directory in Redis is keyed by and compares: the
 * webhook key's SHA-256 and CarrotQuest's webhook token. A Redis dump alone then allows no offline
 * guessing of tokens (an unsalted SHA-256 of a short token can be brute-forced). The HMAC key is
 * derived from SECRETS_KEY with HKDF, so console and ingress agree without another secret to deploy.
 */
export class WebhookDirectoryDigests {
  private constructor(private readonly key: Buffer) {}

  static fromSecretsKey(secretsKeyBase64: string): WebhookDirectoryDigests {
    const ikm = Buffer.from(secretsKeyBase64, 'base64');
    if (ikm.length !== 32) throw new Error(`the secrets key must be 32 bytes, got ${ikm.length}`);
    return new WebhookDirectoryDigests(Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), HKDF_INFO, 32)));
  }

  /** The Redis field of a webhook key, from the SHA-256 PostgreSQL stores (`webhookKeyHash`). */
  keyField(webhookKeyHash: string): string {
    return this.digest('webhook-key', webhookKeyHash);
  }

  /** What the directory stores, and ingress compares, for CarrotQuest's webhook token. */
  token(token: string): string {
    return this.digest('webhook-token', token);
  }

  private digest(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`, 'utf8').digest('hex');
  }
}
