// `pnpm cq audit --account <uuid> [--limit N] [--before <cursor>]`: the account's audit log, newest
// first, as `GET /api/accounts/:a/audit` answers it. PostgreSQL only; reading it is not itself audited.
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@carrot-bridge/config';
import { AUDIT_PAGE_MAX, createPrismaClient, listAuditEvents, pingDatabase, accountExists } from '@carrot-bridge/db';
import { decodeAuditCursor, presentAuditPage } from '../audit/audit-page';
import { loadConsoleConfig } from '../config';
import { auditLines } from './audit-lines';
import { cqEnvironment } from './cq-config';
import { terminalSafe, terminalSafeLines } from './terminal-safe';

export const AUDIT_USAGE = `usage: pnpm cq audit --account <uuid> [--limit N] [--before <cursor>]

  audit   the account's audit log, newest first: who did what, when (N: 1..${AUDIT_PAGE_MAX}, 50 by default);
          --before takes the cursor the last line gives, for older events`;

export interface AuditCqArguments {
  account: string;
  limit: number;
  before?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The command line after `audit`, or what to print and the exit code (0 for --help, 2 for a usage error). */
export function parseAuditCqArguments(
  argv: string[],
): { ok: true; args: AuditCqArguments } | { ok: false; text: string; exitCode: 0 | 2 } {
  const problem = (message: string) => ({
    ok: false as const,
    text: `cq: ${message}\n\n${AUDIT_USAGE}`,
    exitCode: 2 as const,
  });
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        account: { type: 'string' },
        limit: { type: 'string' },
        before: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return problem((error as Error).message);
  }
  if (values.help) return { ok: false, text: AUDIT_USAGE, exitCode: 0 };
  if (!values.account || !UUID.test(values.account)) return problem("--account <uuid> is required (the account's id)");
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
export async function runAuditCq(argv: string[]): Promise<number> {
  const parsed = parseAuditCqArguments(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? console.log : console.error)(parsed.text);
    return parsed.exitCode;
  }
  const { account, limit, before } = parsed.args;
  const environment = cqEnvironment();
  const config = loadConfigOrExit('cq', loadConsoleConfig, environment.env);
  const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 2 });
  try {
    await pingDatabase(db).catch((error: Error) => {
      throw new Error(environment.unreachable('PostgreSQL', config.DATABASE_URL, error));
    });
    if (!(await accountExists(db, account))) throw new Error(`Account ${account} not found`);
    const cursor = before === undefined ? null : decodeAuditCursor(before);
    const page = await listAuditEvents(db, account, { limit, ...(cursor ? { before: cursor } : {}) });
    console.log(terminalSafeLines(auditLines(account, presentAuditPage(page))));
    return 0;
  } catch (error) {
    console.error(terminalSafe(`cq: ${(error as Error).message}`));
    return 1;
  } finally {
    await db.$disconnect();
  }
}
