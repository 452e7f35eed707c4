// `pnpm cq erase` and `pnpm cq erasures` (docs/personal-data.md): erasure on request from the server's
// shell, read and checked before anything connects. Whether the phone is a phone is the service's to say
// (it reads it in the account's integrations' regions).
import { ERASURE_REQUESTERS, isOneOf, type ErasureRequester } from '@carrot-bridge/domain';
import { ERASURE_ACTS_PAGE_MAX } from '@carrot-bridge/db';
import { readCqCommandLine, type CqParse } from './cq-command-line';

export const ERASURE_USAGE = `usage: pnpm cq erase --account <uuid> (--phone <phone> | --email <e-mail> | --carrot-user <id>)
                     [--requested-by subject|operator]
       pnpm cq erasures --account <uuid> [--limit N]

  erase      erases one person's data from every store of the account: contacts, first message and texts of
             their chats (the rows stay, the report does not change), their visitor sessions, the webhook
             delivery log and jobs that mention them; prints the act (акт об уничтожении), then its JSON.
             A phone in any format (+7 916 123-45-67, 8 (916) 1234567). --requested-by: subject (the person
             asked, the default) or operator (the account's own decision)
  erasures   the account's acts, newest first (N: 1..${ERASURE_ACTS_PAGE_MAX}, 50 by default)

The act keeps the criterion only as a keyed hash; the audit log names the author "operator (CLI, <OS user>)".`;

export type ErasureCqArguments =
  | {
      command: 'erase';
      account: string;
      /** As the API's body: exactly one of phone / email / carrotUserId. */
      request: { phone?: string; email?: string; carrotUserId?: string; requestedBy: ErasureRequester };
    }
  | { command: 'erasures'; account: string; limit: number };

/** Whether `pnpm cq`'s command line is one of these (its first word). */
export function isErasureCqCommand(argv: readonly string[]): boolean {
  return argv[0] === 'erase' || argv[0] === 'erasures';
}

export function parseErasureCqArguments(argv: string[]): CqParse<ErasureCqArguments> {
  const line = readCqCommandLine(argv, ERASURE_USAGE, {
    account: 'string',
    phone: 'string',
    email: 'string',
    'carrot-user': 'string',
    'requested-by': 'string',
    limit: 'string',
  });
  if (!line.ok) return line;
  const { values } = line;
  const problem = (message: string) => line.problem(message);
  const extra = line.extraWord(1);
  if (extra) return extra;
  const account = line.account();
  if (typeof account !== 'string') return account;
  if (line.positionals[0] === 'erasures') {
    const limit = line.limit(ERASURE_ACTS_PAGE_MAX);
    return typeof limit === 'number' ? { ok: true, args: { command: 'erasures', account, limit } } : limit;
  }
  const criteria = {
    ...(values.phone !== undefined ? { phone: values.phone } : {}),
    ...(values.email !== undefined ? { email: values.email } : {}),
    ...(values['carrot-user'] !== undefined ? { carrotUserId: values['carrot-user'] } : {}),
  };
  const given = Object.keys(criteria).length;
  if (given !== 1)
    return problem(`erase needs exactly one of --phone, --email, --carrot-user; got ${given === 0 ? 'none' : given}`);
  const requestedBy = values['requested-by'] ?? 'subject';
  if (!isOneOf(ERASURE_REQUESTERS, requestedBy))
    return problem(`--requested-by must be subject or operator; got "${requestedBy}"`);
  return { ok: true, args: { command: 'erase', account, request: { ...criteria, requestedBy } } };
}
