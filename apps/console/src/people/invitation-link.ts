// The one-time links of invitations and password resets (issue #24 design): 32 random bytes, base64url,
// stored as their SHA-256 only (a copy of the table lets no one in), valid 72 hours. The link carries
// the token in its fragment (`/invite.html#<token>`): browsers do not send a fragment to servers, so
// it stays out of proxies' and servers' logs; the page posts it to the API.
import { randomBytes } from 'node:crypto';
import { hashSecret } from '@carrot-bridge/secrets';

const TOKEN_BYTES = 32;
/** base64url of 32 bytes: anything else cannot be a token, and is refused before the database is asked. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const INVITATION_LIFETIME_MS = 72 * 60 * 60_000;

export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashSecret(token) };
}

/** The stored digest of a token from a link, or null when the text cannot be one of ours. */
export function invitationTokenHash(token: string): string | null {
  return TOKEN_PATTERN.test(token) ? hashSecret(token) : null;
}

/** The link to hand to the person: CONSOLE_PUBLIC_URL's invitation page with the token in the fragment. */
export function invitationUrl(consolePublicUrl: string, token: string): string {
  const base = consolePublicUrl.endsWith('/') ? consolePublicUrl.slice(0, -1) : consolePublicUrl;
  return `${base}/invite.html#${token}`;
}
