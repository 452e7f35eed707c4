import type { ApiTokenView } from '../tokens/api-token.service';

const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');

/** `pnpm cq tokens list`: one line per token, never the token itself. */
export function tokensCqLines(tokens: readonly ApiTokenView[]): string[] {
  if (tokens.length === 0) return ['no API tokens: pnpm cq tokens create --account <id> --name <name> --scope <scope>'];
  return tokens.map(
    (t) =>
      `${t.id}  ${t.name}  [${t.scopes.join(', ')}]  …${t.last4}  created ${when(t.createdAt)} by ${t.createdBy}` +
      `  last used ${when(t.lastUsedAt)}${t.revokedAt ? `  REVOKED ${when(t.revokedAt)}` : ''}`,
  );
}
