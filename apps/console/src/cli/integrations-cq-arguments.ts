// `pnpm cq integrations --account <uuid>`: the account's integrations with their ids, the id every other
// `pnpm cq` command takes (also shown on the page, beside the integration picker, and in its address).
import { readCqCommandLine, type CqParse } from './cq-command-line';

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
  const line = readCqCommandLine(argv, INTEGRATIONS_USAGE, { account: 'string' });
  if (!line.ok) return line;
  const extra = line.extraWord(1);
  if (extra) return extra;
  const account = line.account();
  return typeof account === 'string' ? { ok: true, args: { account } } : account;
}
