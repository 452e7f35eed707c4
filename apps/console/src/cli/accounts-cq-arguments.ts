// `pnpm cq accounts …` and `pnpm cq users …`: the operator's commands on accounts and their people,
// read and checked before anything connects (the integration commands are cq-arguments.ts).
import { isOneOf, ROLES, type Role } from '@carrot-bridge/domain';
import { readCqCommandLine, type CqParse } from './cq-command-line';

export const ACCOUNTS_USAGE = `usage: pnpm cq accounts <create|list> [options]
       pnpm cq users <invite|list> --account <uuid> [options]

  accounts create   a new account: --name <name> [--cabinet-account-id <the cabinet's id>]; prints its id
  accounts list     every account: id, name, the cabinet's id
  users invite      an invitation link (72 h, single use): --account <uuid> --email <e-mail> --role <${ROLES.join('|')}>
  users list        the account's people and roles, and its pending invitations: --account <uuid>

The same servers as the other commands (pnpm cq --help); the audit log names the author
"operator (CLI, <OS user>)".`;

export type AccountsCqArguments =
  | { command: 'accounts create'; name: string; cabinetAccountId: string | null }
  | { command: 'accounts list' }
  | { command: 'users invite'; account: string; email: string; role: Role }
  | { command: 'users list'; account: string };

const GROUPS = { accounts: ['create', 'list'], users: ['invite', 'list'] } as const;

/** Whether `pnpm cq`'s command line is one of these (its first word). */
export function isAccountsCqCommand(argv: readonly string[]): boolean {
  return argv[0] === 'accounts' || argv[0] === 'users';
}

export function parseAccountsCqArguments(argv: string[]): CqParse<AccountsCqArguments> {
  const line = readCqCommandLine(argv, ACCOUNTS_USAGE, {
    name: 'string',
    'cabinet-account-id': 'string',
    account: 'string',
    email: 'string',
    role: 'string',
  });
  if (!line.ok) return line;
  const { positionals, values } = line;
  const problem = (message: string) => line.problem(message);
  const [group, action] = positionals as [keyof typeof GROUPS, string | undefined];
  const actions: readonly string[] = GROUPS[group];
  if (!action) return problem(`${group} needs one of: ${actions.join(', ')}`);
  if (!actions.includes(action)) return problem(`unknown command "${group} ${action}"`);
  const extra = line.extraWord(2);
  if (extra) return extra;
  if (group === 'accounts') {
    if (action === 'list') return { ok: true, args: { command: 'accounts list' } };
    if (!values.name?.trim()) return problem('accounts create needs --name <name>');
    return {
      ok: true,
      args: { command: 'accounts create', name: values.name, cabinetAccountId: values['cabinet-account-id'] ?? null },
    };
  }
  const account = line.account();
  if (typeof account !== 'string') return account;
  if (action === 'list') return { ok: true, args: { command: 'users list', account } };
  if (!values.email) return problem('users invite needs --email <e-mail>');
  const role = values.role ?? '';
  if (!isOneOf(ROLES, role)) return problem(`users invite needs --role ${ROLES.join('|')}; got "${role}"`);
  return { ok: true, args: { command: 'users invite', account, email: values.email, role } };
}
