import type { Database } from '@carrot-bridge/db';
import { API_SCOPES, isOneOf, type ApiScope, type Principal } from '@carrot-bridge/domain';
import { apiTokenDigest } from '@carrot-bridge/secrets';
import { LAST_SEEN_RESOLUTION_MS } from './session-lifetime';

/** `cbt_` + 32 random bytes in base64url: anything else is no token of ours, and the database is not asked. */
const API_TOKEN_PATTERN = /^cbt_[A-Za-z0-9_-]{43}$/;

/**
 * The principal of an `Authorization: Bearer` token: found by its keyed digest (ApiToken.tokenHash), so
 * no secret is compared in the process. Unknown or revoked: null (a revoked token stops at once, on the
 * next request). Notes the use in lastUsedAt, at most once a minute.
 */
export async function apiTokenPrincipal(
  db: Database,
  secretsKey: string,
  token: string,
  now: Date = new Date(),
): Promise<Principal | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: apiTokenDigest(secretsKey, token) },
    select: { id: true, accountId: true, name: true, scopes: true, lastUsedAt: true, revokedAt: true },
  });
  if (!row || row.revokedAt !== null) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    const notedBefore = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: notedBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    kind: 'token',
    tokenId: row.id,
    accountId: row.accountId,
    name: row.name,
    scopes: row.scopes.filter((scope): scope is ApiScope => isOneOf(API_SCOPES, scope)),
  };
}
