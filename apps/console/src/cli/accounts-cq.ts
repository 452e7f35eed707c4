// `pnpm cq accounts …` / `pnpm cq users …` (accounts-cq-arguments.ts): PostgreSQL only, no Redis. Each
// change is recorded in the account's audit log as the operator on the command line.
import { loadConfigOrExit } from '@carrot-bridge/config';
import { createPrismaClient, pingDatabase } from '@carrot-bridge/db';
import { assertNever } from '@carrot-bridge/domain';
import { createLogger } from '@carrot-bridge/logging';
import { AccountService, accountInputSchema } from '../accounts/account.service';
import { parseInput } from '../api/api-error';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import { loadConsoleConfig } from '../config';
import { ConsoleException } from '../console-exception';
import { InvitationService, invitationInputSchema } from '../people/invitation.service';
import { PeopleService } from '../people/people.service';
import { accountsCqLines, peopleCqLines } from './accounts-cq-lines';
import { parseAccountsCqArguments, type AccountsCqArguments } from './accounts-cq-arguments';
import { cqEnvironment } from './cq-config';
import { terminalSafe, terminalSafeLines } from './terminal-safe';

interface AccountsCqDeps {
  accounts: AccountService;
  people: PeopleService;
  invitations: InvitationService;
}

/** Runs one command; what it prints goes to stdout, the id or link alone where a script reads it. */
export async function runAccountsCqCommand(deps: AccountsCqDeps, args: AccountsCqArguments): Promise<string> {
  const context = cliAuditContext();
  switch (args.command) {
    case 'accounts create': {
      const input = parseInput(accountInputSchema, {
        name: args.name,
        cabinetAccountId: args.cabinetAccountId,
      });
      return (await deps.accounts.create(input, context)).id;
    }
    case 'accounts list':
      return terminalSafeLines(accountsCqLines(await deps.accounts.list()));
    case 'users invite': {
      await accountMustExist(deps, args.account);
      const input = parseInput(invitationInputSchema, { email: args.email, role: args.role });
      return (await deps.invitations.invite(args.account, input, context)).url;
    }
    case 'users list':
      await accountMustExist(deps, args.account);
      return terminalSafeLines(peopleCqLines(await deps.people.list(args.account)));
    default:
      return assertNever(args);
  }
}

async function accountMustExist(deps: AccountsCqDeps, accountId: string): Promise<void> {
  if (!(await deps.accounts.exists(accountId))) throw ConsoleException.notFound(`Account ${accountId}`);
}

/** The whole command: arguments, configuration, the database; resolves to the exit code. */
export async function runAccountsCq(argv: string[]): Promise<number> {
  const parsed = parseAccountsCqArguments(argv);
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
    const audit = new AuditLog(db, logger);
    const deps = {
      accounts: new AccountService({ db, audit }),
      people: new PeopleService({ db, audit }),
      invitations: new InvitationService({ db, audit, consolePublicUrl: config.CONSOLE_PUBLIC_URL }),
    };
    console.log(await runAccountsCqCommand(deps, parsed.args));
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
