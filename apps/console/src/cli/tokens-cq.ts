// `pnpm cq tokens …` (tokens-cq-arguments.ts): PostgreSQL only, no Redis. A new token is printed once,
// alone on stdout, so a script can take it; each change is in the account's audit log as the CLI operator.
import { loadConfigOrExit } from '@carrot-bridge/config';
import { accountExists, createPrismaClient, pingDatabase } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import { parseInput } from '../api/api-error';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import { loadConsoleConfig } from '../config';
import { ConsoleException } from '../console-exception';
import { apiTokenInputSchema } from '../tokens/api-token-input';
import { ApiTokenService } from '../tokens/api-token.service';
import { cqEnvironment } from './cq-config';
import { terminalSafe, terminalSafeLines } from './terminal-safe';
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
export async function runTokensCq(argv: string[]): Promise<number> {
  const parsed = parseTokensCqArguments(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? console.log : console.error)(parsed.text);
    return parsed.exitCode;
  }
  const environment = cqEnvironment();
  const config = loadConfigOrExit('cq', loadConsoleConfig, environment.env);
  const logger = createLogger({ service: 'cq', level: 'warn', pretty: true });
  const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 2 });
  try {
    await pingDatabase(db).catch((error: Error) => {
      throw new Error(environment.unreachable('PostgreSQL', config.DATABASE_URL, error));
    });
    if (!(await accountExists(db, parsed.args.account))) throw ConsoleException.notFound('Account');
    const tokens = new ApiTokenService({ db, secretsKey: config.SECRETS_KEY, audit: new AuditLog(db, logger) });
    console.log(await runTokensCqCommand(tokens, parsed.args));
    return 0;
  } catch (error) {
    const fieldErrors = error instanceof ConsoleException ? error.fieldErrors : [];
    const fields = fieldErrors.length ? ` (${fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ')})` : '';
    console.error(terminalSafe(`cq: ${(error as Error).message}${fields}`));
    return 1;
  } finally {
    await db.$disconnect();
  }
}
