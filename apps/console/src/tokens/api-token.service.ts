// An account's API tokens for machines (issue #24, docs/access.md «API tokens»): the tracker's session
// upload, scripts, a BI tool. A token is `cbt_` + 32 random bytes (base64url), shown once; the table keeps
// its keyed digest (packages/secrets apiTokenDigest), so a copy of it authenticates nothing. authenticate
// (auth/api-token-principal.ts) finds a token by that digest; a revoked one is refused on the next request.
import { randomBytes } from 'node:crypto';
import type { Database } from '@carrot-bridge/db';
import { apiTokenDigest } from '@carrot-bridge/secrets';
import type { AuditContext, AuditLog } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import type { ApiTokenInput } from './api-token-input';

const TOKEN_PREFIX = 'cbt_';
const TOKEN_BYTES = 32;

/** What an owner sees of a token: never the token, never its digest. */
export interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  /** The token's last 4 characters: enough to tell two apart in a config file. */
  last4: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const VIEW = {
  id: true,
  name: true,
  scopes: true,
  tokenLast4: true,
  createdAt: true,
  createdBy: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

function viewOf(row: { tokenLast4: string } & Omit<ApiTokenView, 'last4'>): ApiTokenView {
  const { tokenLast4, ...rest } = row;
  return { ...rest, last4: tokenLast4 };
}

export class ApiTokenService {
  constructor(private readonly deps: { db: Database; secretsKey: string; audit: Pick<AuditLog, 'record'> }) {}

  /** A new token of the account: its id and the token itself, which is shown here and never again. */
  async create(accountId: string, input: ApiTokenInput, context: AuditContext): Promise<{ id: string; token: string }> {
    const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
    const row = await this.deps.db.apiToken.create({
      data: {
        accountId,
        name: input.name,
        scopes: input.scopes,
        tokenHash: apiTokenDigest(this.deps.secretsKey, token),
        tokenLast4: token.slice(-4),
        createdBy: context.actor.label,
      },
      select: { id: true },
    });
    await this.deps.audit.record({
      accountId,
      actor: context.actor,
      action: 'token.created',
      targetId: row.id,
      details: { name: input.name, scopes: input.scopes },
      ip: context.ip ?? null,
    });
    return { id: row.id, token };
  }

  /** The account's tokens, newest first, revoked ones included (the page shows when they ended). */
  async list(accountId: string): Promise<ApiTokenView[]> {
    const rows = await this.deps.db.apiToken.findMany({
      where: { accountId },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      select: VIEW,
    });
    return rows.map(viewOf);
  }

  /**
   * Revokes the token at once: authenticate refuses it from the next request on. Revoking a revoked
   * token changes nothing (and is not recorded twice); another account's token is a 404.
   */
  async revoke(accountId: string, tokenId: string, context: AuditContext): Promise<void> {
    const revoked = await this.deps.db.apiToken.updateMany({
      where: { id: tokenId, accountId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) {
      const exists = await this.deps.db.apiToken.findFirst({ where: { id: tokenId, accountId }, select: { id: true } });
      if (!exists) throw ConsoleException.notFound('apiToken');
      return;
    }
    const row = await this.deps.db.apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: { name: true } });
    await this.deps.audit.record({
      accountId,
      actor: context.actor,
      action: 'token.revoked',
      targetId: tokenId,
      details: { name: row.name },
      ip: context.ip ?? null,
    });
  }
}
