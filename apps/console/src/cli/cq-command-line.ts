import { parseArgs } from 'node:util';

// What every `pnpm cq` command parser shares: `--help`, and the two ways out (the usage with exit 0 for
// --help; a "cq: <problem>" line and the usage with exit 2 for a mistake).

export type CqParse<T> = { ok: true; args: T } | { ok: false; text: string; exitCode: 0 | 2 };
export type CqRefusal = Extract<CqParse<never>, { ok: false }>;

type CqOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** A usage mistake: the problem, then the usage. */
export function usageProblem(usage: string, message: string): CqRefusal {
  return { ok: false, text: `cq: ${message}\n\n${usage}`, exitCode: 2 };
}

/**
 * The command line read with node's parseArgs, `options` and `--help` / `-h`: its positionals and
 * values, or the usage to print (exit 0 for --help, 2 for what parseArgs refused).
 */
export function readCqCommandLine<const O extends CqOptions>(argv: string[], options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as const,
    });
  } catch (error) {
    return usageProblem(usage, (error as Error).message);
  }
  // Generic here, so the values' type is not resolved yet: help is the option added just above.
  if ((parsed.values as { help?: boolean }).help) return { ok: false as const, text: usage, exitCode: 0 as const };
  return { ok: true as const, positionals: parsed.positionals, values: parsed.values };
}
