// `pnpm cq tokens …` (tokens-cq-arguments.ts): PostgreSQL only, no Redis. A new token is printed once,
// alone on stdout, so a script can take it; each change is in the account's audit log as the CLI operator.
import { accountExists } from '@carrot-bridge/db';
import { parseInput } from '../api/api-error';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { apiTokenInputSchema } from '../tokens/api-token-input';
import { ApiTokenService } from '../tokens/api-token.service';
import { runDatabaseCqCommand } from './database-cq-command';
import { terminalSafeLines } from './terminal-safe';
import { parseTokensCqArguments, type TokensCqArguments } from './tokens-cq-arguments';
import { tokensCqLines } from './tokens-cq-lines';

/** Runs one command against an existing account; resolves to what it prints. */
export async function runTokensCqCommand(tokens: ApiTokenService, args: TokensCqArguments): Promise<string> {
  switch (args.command) {
    case 'tokens create': {
      const input = parseInput(apiTokenInputSchema, { name: args.name, scopes: args.scopes });
      return (await tokens.create(args.account, input, cliAuditContext())).token;
    }
    case 'tokens list':
      return terminalSafeLines(tokensCqLines(await tokens.list(args.account)));
    case 'tokens revoke':
      await tokens.revoke(args.account, args.token, cliAuditContext());
      return `revoked ${args.token}`;
  }
}

/** The whole command: arguments, configuration, the database; resolves to the exit code. */
export function runTokensCq(argv: string[]): Promise<number> {
  return runDatabaseCqCommand(parseTokensCqArguments(argv), async ({ db, config, logger }, args) => {
    if (!(await accountExists(db, args.account))) throw ConsoleException.notFound('account');
    const tokens = new ApiTokenService({ db, secretsKey: config.SECRETS_KEY, audit: new AuditLog(db, logger) });
    return runTokensCqCommand(tokens, args);
  });
}
