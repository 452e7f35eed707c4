// `pnpm cq integrations --account <uuid>` (integrations-cq-arguments.ts): PostgreSQL only, no Redis;
// reads, changes nothing.
import { accountExists, listIntegrationsOfAccount } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';
import { runDatabaseCqCommand } from './database-cq-command';
import { parseIntegrationsCqArguments } from './integrations-cq-arguments';
import { integrationsCqLines } from './integrations-cq-lines';
import { terminalSafeLines } from './terminal-safe';

/** The whole command: arguments, configuration, the database; resolves to the exit code. */
export function runIntegrationsCq(argv: string[]): Promise<number> {
  return runDatabaseCqCommand(parseIntegrationsCqArguments(argv), async ({ db }, { account }) => {
    if (!(await accountExists(db, account))) throw ConsoleException.notFound('account', account);
    // Names are typed by users: every line is made terminal-safe.
    return terminalSafeLines(integrationsCqLines(account, await listIntegrationsOfAccount(db, account)));
  });
}
