// `pnpm cq accounts …` / `pnpm cq users …` (accounts-cq-arguments.ts): PostgreSQL only, no Redis. Each
// change is recorded in the account's audit log as the operator on the command line.
import { assertNever } from '@carrot-bridge/domain';
import { AccountService, accountInputSchema } from '../accounts/account.service';
import { parseInput } from '../api/api-error';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { InvitationService, invitationInputSchema } from '../people/invitation.service';
import { PeopleService } from '../people/people.service';
import { accountsCqLines, peopleCqLines } from './accounts-cq-lines';
import { parseAccountsCqArguments, type AccountsCqArguments } from './accounts-cq-arguments';
import { runDatabaseCqCommand } from './database-cq-command';
import { terminalSafeLines } from './terminal-safe';

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
  if (!(await deps.accounts.exists(accountId))) throw ConsoleException.notFound('account', accountId);
}

/** The whole command: arguments, configuration, the database; resolves to the exit code. */
export function runAccountsCq(argv: string[]): Promise<number> {
  return runDatabaseCqCommand(parseAccountsCqArguments(argv), ({ db, config, logger }, args) => {
    const audit = new AuditLog(db, logger);
    const deps = {
      accounts: new AccountService({ db, audit }),
      people: new PeopleService({ db, audit }),
      invitations: new InvitationService({ db, audit, consolePublicUrl: config.CONSOLE_PUBLIC_URL }),
    };
    return runAccountsCqCommand(deps, args);
  });
}
