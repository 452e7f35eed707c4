// `pnpm cq`'s command line: read and checked before anything connects, so a typo, `--help` or an id
// that is not an integration id gets a one-line answer instead of a stack trace or a database error.
import { isOneOf } from '@carrot-bridge/domain';
import { readCqCommandLine, type CqParse } from './cq-command-line';
import { isUuid } from '../api/account-scope';
import { readBackfillPeriod, type BackfillPeriod } from './backfill-period-arguments';

export const COMMANDS = ['status', 'replay-failed', 'reimport', 'rotate-key', 'backfill', 'deliveries'] as const;
export type CqCommand = (typeof COMMANDS)[number];

export const USAGE = `usage: pnpm cq <command> --integration <uuid> [options]

The integration's id: pnpm cq integrations --account <uuid> lists them; the page shows it beside the
integration picker and in its address (?integration=…).

commands:
  status          the integration's status, as on the page
  replay-failed   put the integration's failed jobs back in the queue (idempotent)
  reimport        import one conversation again: --conversation <id>
  rotate-key      new webhook URL; the old one stops working at once
  backfill        import past conversations: --from <date> [--to <date>], each YYYY-MM-DD (UTC; --to's day is
                  included whole) or an ISO timestamp with its zone (2026-11-03T08:00:00+03:00); --to defaults
                  to now; the period is printed before it starts; Ctrl-C stops, the same command resumes
  deliveries      the last webhook deliveries and our answers; --bodies adds the redacted raw bodies

       pnpm cq audit --account <uuid> [--limit N]   the account's audit log, newest first (pnpm cq audit --help)
       pnpm cq erase --account <uuid> (--phone P | --email E | --carrot-user U)   erase one person's data,
                                                    with its act (pnpm cq erase --help); pnpm cq erasures: the acts

Accounts and their people: pnpm cq accounts --help (accounts create / list, users invite / list).

Next to a running \`pnpm start\` nothing needs setting: DATABASE_URL, REDIS_URL and SECRETS_KEY default to
its local stack (.data, EMBEDDED_PG_PORT, LOCAL_REDIS_PORT); .env at the repository root is read first.`;

export interface CqArguments {
  command: CqCommand;
  integration: string;
  conversation?: string;
  /** backfill only: the period as read from --from / --to (backfill-period-arguments.ts). */
  period?: BackfillPeriod;
  bodies: boolean;
}

/** The parsed command line, or what to print and the exit code (0 for --help, 2 for a usage error). */
export function parseCqArguments(argv: string[], now = new Date()): CqParse<CqArguments> {
  const line = readCqCommandLine(argv, USAGE, {
    integration: 'string',
    conversation: 'string',
    from: 'string',
    to: 'string',
    bodies: 'boolean',
  });
  if (!line.ok) return line;
  const { positionals, values } = line;
  if (positionals[0] === 'help') return { ok: false, text: USAGE, exitCode: 0 };
  const problem = (message: string) => line.problem(message);
  const command = positionals[0];
  if (!command) return problem('no command given');
  if (!isOneOf(COMMANDS, command)) return problem(`unknown command "${command}"`);
  const extra = line.extraWord(1);
  if (extra) return extra;
  if (!values.integration) return problem('--integration <uuid> is required');
  if (!isUuid(values.integration))
    return problem(
      `--integration must be an integration id, a UUID like 0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b (pnpm cq integrations --account <uuid> lists them); got "${values.integration}"`,
    );
  if (command === 'reimport' && !values.conversation) return problem('reimport needs --conversation <id>');
  if (values.conversation !== undefined && !/^\d+$/.test(values.conversation))
    return problem(`--conversation must be a CarrotQuest conversation id (digits); got "${values.conversation}"`);
  let period: BackfillPeriod | undefined;
  if (command === 'backfill') {
    const read = readBackfillPeriod(values.from, values.to, now);
    if (!read.ok) return problem(read.problem);
    period = read.period;
  } else if (values.from !== undefined || values.to !== undefined) {
    return problem(`--from and --to are for backfill only, not for ${command}`);
  }
  return {
    ok: true,
    args: {
      command,
      integration: values.integration,
      bodies: values.bodies === true,
      ...(values.conversation !== undefined ? { conversation: values.conversation } : {}),
      ...(period ? { period } : {}),
    },
  };
}
