import { parseArgs } from 'node:util';
import { isUuid } from '../api/account-scope';

// What every `pnpm cq` command parser shares: its flags read with node's parseArgs, `--help`, the
// checks several commands make (--account, --limit, no stray words), and the two ways out (the usage
// with exit 0 for --help; a "cq: <problem>" line and the usage with exit 2 for a mistake).

export type CqParse<T> = { ok: true; args: T } | { ok: false; text: string; exitCode: 0 | 2 };
export type CqRefusal = Extract<CqParse<never>, { ok: false }>;

/** What a flag holds: one string, a switch, or a string given any number of times. */
export type CqFlagKind = 'string' | 'boolean' | 'strings';
type CqFlagValues<F extends Record<string, CqFlagKind>> = {
  [K in keyof F]?: F[K] extends 'boolean' ? boolean : F[K] extends 'strings' ? string[] : string;
};

/** How many a page-sized command (audit, erasures) lists when --limit is not given. */
export const DEFAULT_LIMIT = 50;

/** A usage mistake: the problem, then the usage. */
export function usageProblem(usage: string, message: string): CqRefusal {
  return { ok: false, text: `cq: ${message}\n\n${usage}`, exitCode: 2 };
}

/** A command line that parseArgs accepted, and the checks its command's parser makes on it. */
export class CqCommandLine<F extends Record<string, CqFlagKind>> {
  readonly ok = true;

  constructor(
    private readonly usage: string,
    readonly positionals: string[],
    readonly values: CqFlagValues<F>,
  ) {}

  /** A mistake: "cq: <message>", then the usage (exit 2). */
  problem(message: string): CqRefusal {
    return usageProblem(this.usage, message);
  }

  /** The refusal for a word after the first `count` positionals (the command's own words), or null. */
  extraWord(count: number): CqRefusal | null {
    const extra = this.positionals[count];
    return extra === undefined ? null : this.problem(`unexpected argument "${extra}"`);
  }

  /** `--account <uuid>`: required, an account's id. */
  account(): string | CqRefusal {
    const account = (this.values as { account?: string }).account;
    if (!account) return this.problem("--account <uuid> is required (the account's id, see pnpm cq accounts list)");
    if (!isUuid(account))
      return this.problem(`--account must be an account id (a UUID, see pnpm cq accounts list); got "${account}"`);
    return account;
  }

  /** `--limit N`: a whole number from 1 to `max`, DEFAULT_LIMIT when not given. */
  limit(max: number): number | CqRefusal {
    const given = (this.values as { limit?: string }).limit;
    const limit = given === undefined ? DEFAULT_LIMIT : Number(given);
    if (!Number.isInteger(limit) || limit < 1 || limit > max)
      return this.problem(`--limit must be a whole number from 1 to ${max}`);
    return limit;
  }
}

/**
 * The command line read with node's parseArgs, the command's `flags` and `--help` / `-h`: its words,
 * values and checks, or the usage to print (exit 0 for --help, 2 for what parseArgs refused).
 */
export function readCqCommandLine<const F extends Record<string, CqFlagKind>>(
  argv: string[],
  usage: string,
  flags: F,
): CqCommandLine<F> | CqRefusal {
  let parsed;
  try {
    const options = Object.fromEntries(
      Object.entries(flags).map(([name, kind]) => [
        name,
        kind === 'strings' ? { type: 'string' as const, multiple: true } : { type: kind },
      ]),
    );
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageProblem(usage, (error as Error).message);
  }
  if (parsed.values.help) return { ok: false, text: usage, exitCode: 0 };
  return new CqCommandLine<F>(usage, parsed.positionals, parsed.values as CqFlagValues<F>);
}
