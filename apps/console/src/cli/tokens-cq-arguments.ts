// `pnpm cq tokens …`: an account's API tokens from the server's shell, read and checked before anything
// connects (the integration commands are cq-arguments.ts).
import { API_SCOPES, isOneOf, type ApiScope } from '@carrot-bridge/domain';
import { readCqCommandLine, type CqParse } from './cq-command-line';
import { isUuid } from '../api/account-scope';

export const TOKENS_USAGE = `usage: pnpm cq tokens <create|list|revoke> --account <uuid> [options]

  tokens create   a new API token: --name <what it is for> --scope <scope> [--scope <scope> ...];
                  prints the token once (it is stored only as a keyed hash)
  tokens list     the account's tokens: id, name, scopes, last 4 characters, last use, revoked
  tokens revoke   --token <token id>: refused from the next request on

scopes: ${API_SCOPES.join(', ')}
The audit log names the author "operator (CLI, <OS user>)".`;

export type TokensCqArguments =
  | { command: 'tokens create'; account: string; name: string; scopes: ApiScope[] }
  | { command: 'tokens list'; account: string }
  | { command: 'tokens revoke'; account: string; token: string };

const ACTIONS = ['create', 'list', 'revoke'] as const;

/** Whether `pnpm cq`'s command line is one of these (its first word). */
export function isTokensCqCommand(argv: readonly string[]): boolean {
  return argv[0] === 'tokens';
}

export function parseTokensCqArguments(argv: string[]): CqParse<TokensCqArguments> {
  const line = readCqCommandLine(argv, TOKENS_USAGE, {
    account: 'string',
    name: 'string',
    scope: 'strings',
    token: 'string',
  });
  if (!line.ok) return line;
  const { values } = line;
  const problem = (message: string) => line.problem(message);
  const action = line.positionals[1];
  if (!action) return problem(`tokens needs one of: ${ACTIONS.join(', ')}`);
  if (!isOneOf(ACTIONS, action)) return problem(`unknown command "tokens ${action}"`);
  const extra = line.extraWord(2);
  if (extra) return extra;
  const account = line.account();
  if (typeof account !== 'string') return account;
  if (action === 'list') return { ok: true, args: { command: 'tokens list', account } };
  if (action === 'revoke') {
    if (!values.token || !isUuid(values.token))
      return problem(
        `tokens revoke needs --token <token id> (a UUID, see pnpm cq tokens list); got "${values.token ?? ''}"`,
      );
    return { ok: true, args: { command: 'tokens revoke', account, token: values.token } };
  }
  if (!values.name?.trim()) return problem('tokens create needs --name <what it is for>');
  const scopes = values.scope ?? [];
  if (scopes.length === 0) return problem(`tokens create needs at least one --scope (${API_SCOPES.join(', ')})`);
  const unknown = scopes.find((scope) => !isOneOf(API_SCOPES, scope));
  if (unknown !== undefined) return problem(`unknown scope "${unknown}"; scopes: ${API_SCOPES.join(', ')}`);
  return { ok: true, args: { command: 'tokens create', account, name: values.name, scopes: scopes as ApiScope[] } };
}
