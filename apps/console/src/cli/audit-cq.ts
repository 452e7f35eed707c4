// `pnpm cq audit --account <uuid> [--limit N] [--before <cursor>]`: the account's audit log, newest
// first, as `GET /api/accounts/:a/audit` answers it. PostgreSQL only; reading it is not itself audited.
import { AUDIT_PAGE_MAX, listAuditEvents, accountExists } from '@carrot-bridge/db';
import { decodeAuditCursor, presentAuditPage } from '../audit/audit-page';
import { auditLines } from './audit-lines';
import { runDatabaseCqCommand } from './database-cq-command';
import { terminalSafeLines } from './terminal-safe';
import { readCqCommandLine, usageProblem, type CqParse } from './cq-command-line';
import { isUuid } from '../api/account-scope';
import { ConsoleException } from '../console-exception';

export const AUDIT_USAGE = `usage: pnpm cq audit --account <uuid> [--limit N] [--before <cursor>]

  audit   the account's audit log, newest first: who did what, when (N: 1..${AUDIT_PAGE_MAX}, 50 by default);
          --before takes the cursor the last line gives, for older events`;

export interface AuditCqArguments {
  account: string;
  limit: number;
  before?: string;
}

/** The command line after `audit`, or what to print and the exit code (0 for --help, 2 for a usage error). */
export function parseAuditCqArguments(argv: string[]): CqParse<AuditCqArguments> {
  const problem = (message: string) => usageProblem(AUDIT_USAGE, message);
  const line = readCqCommandLine(
    argv,
    {
      account: { type: 'string' },
      limit: { type: 'string' },
      before: { type: 'string' },
    },
    AUDIT_USAGE,
  );
  if (!line.ok) return line;
  const { positionals, values } = line;
  if (positionals.length > 0) return problem(`unexpected argument "${positionals[0]}"`);
  if (!values.account || !isUuid(values.account)) return problem("--account <uuid> is required (the account's id)");
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX)
    return problem(`--limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`);
  if (values.before !== undefined && decodeAuditCursor(values.before) === null)
    return problem('--before must be the cursor a previous `pnpm cq audit` printed');
  return {
    ok: true,
    args: { account: values.account, limit, ...(values.before !== undefined ? { before: values.before } : {}) },
  };
}

/** The whole command: arguments, configuration, the database; resolves to the exit code. */
export function runAuditCq(argv: string[]): Promise<number> {
  return runDatabaseCqCommand(parseAuditCqArguments(argv), async ({ db }, { account, limit, before }) => {
    if (!(await accountExists(db, account))) throw ConsoleException.notFound('account', account);
    const cursor = before === undefined ? null : decodeAuditCursor(before);
    const page = await listAuditEvents(db, account, { limit, ...(cursor ? { before: cursor } : {}) });
    return terminalSafeLines(auditLines(account, presentAuditPage(page)));
  });
}
