// `pnpm cq integrations --account <uuid>`: the account's integrations with their ids, the id every other
// `pnpm cq` command takes (also shown on the page, beside the integration picker, and in its address).
import { readCqCommandLine, usageProblem, type CqParse } from './cq-command-line';
import { isUuid } from '../api/account-scope';

export const INTEGRATIONS_USAGE = `usage: pnpm cq integrations --account <uuid>

  the account's integrations, oldest first: id, name, active or off, API key status, created
  (the account ids: pnpm cq accounts list)`;

export interface IntegrationsCqArguments {
  account: string;
}

/** Whether `pnpm cq`'s command line is this one (its first word). */
export function isIntegrationsCqCommand(argv: readonly string[]): boolean {
  return argv[0] === 'integrations';
}

export function parseIntegrationsCqArguments(argv: string[]): CqParse<IntegrationsCqArguments> {
  const problem = (message: string) => usageProblem(INTEGRATIONS_USAGE, message);
  const line = readCqCommandLine(argv, { account: { type: 'string' } }, INTEGRATIONS_USAGE);
  if (!line.ok) return line;
  const extra = line.positionals[1];
  if (extra !== undefined) return problem(`unexpected argument "${extra}"`);
  const account = line.values.account;
  if (!account) return problem('--account <uuid> is required');
  if (!isUuid(account))
    return problem(`--account must be an account id (a UUID, see pnpm cq accounts list); got "${account}"`);
  return { ok: true, args: { account } };
}
