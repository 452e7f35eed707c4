// `pnpm cq audit --account <uuid> [--limit N] [--before <cursor>]`: the account's audit log, newest
// first, as `GET /api/accounts/:a/audit` answers it. PostgreSQL only; reading it is not itself audited.
import { AUDIT_PAGE_MAX, listAuditEvents, accountExists } from '@carrot-bridge/db';
import { decodeAuditCursor, presentAuditPage } from '../audit/audit-page';
import { auditLines } from './audit-lines';
import { runDatabaseCqCommand } from './database-cq-command';
import { terminalSafeLines } from './terminal-safe';
import { readCqCommandLine, type CqParse } from './cq-command-line';
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
  const line = readCqCommandLine(argv, AUDIT_USAGE, { account: 'string', limit: 'string', before: 'string' });
  if (!line.ok) return line;
  const extra = line.extraWord(0);
  if (extra) return extra;
  const account = line.account();
  if (typeof account !== 'string') return account;
  const limit = line.limit(AUDIT_PAGE_MAX);
  if (typeof limit !== 'number') return limit;
  const { before } = line.values;
  if (before !== undefined && decodeAuditCursor(before) === null)
    return line.problem('--before must be the cursor a previous `pnpm cq audit` printed');
  return { ok: true, args: { account, limit, ...(before !== undefined ? { before } : {}) } };
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
