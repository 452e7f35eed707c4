// How a `pnpm cq` command that needs only PostgreSQL runs (accounts, users, tokens, audit): its
// arguments, the configuration, one small pool, the answer on stdout, every failure one terminal-safe
// "cq: ..." line on stderr with the fields a refusal names; resolves to the exit code.
import { loadConfigOrExit } from '@carrot-bridge/config';
import { createPrismaClient, pingDatabase, type Database } from '@carrot-bridge/db';
import { createLogger, type Logger } from '@carrot-bridge/logging';
import { loadConsoleConfig, type ConsoleConfig } from '../config';
import { ConsoleException } from '../console-exception';
import type { CqParse } from './cq-command-line';
import { cqEnvironment } from './cq-config';
import { terminalSafe } from './terminal-safe';

export interface DatabaseCqContext {
  db: Database;
  config: ConsoleConfig;
  logger: Logger;
}

export async function runDatabaseCqCommand<A>(
  parsed: CqParse<A>,
  run: (context: DatabaseCqContext, args: A) => Promise<string>,
): Promise<number> {
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
    console.log(await run({ db, config, logger }, parsed.args));
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
