// What every `pnpm cq` command parser shares: `--help`, and the two ways out (the usage with exit 0 for
// --help; a "cq: <problem>" line and the usage with exit 2 for a mistake).

export type CqParse<T> = { ok: true; args: T } | { ok: false; text: string; exitCode: 0 | 2 };
export type CqRefusal = Extract<CqParse<never>, { ok: false }>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every command's `--help` / `-h` (a parseArgs option). */
export const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/** A usage mistake: the problem, then the usage. */
export function usageProblem(usage: string, message: string): CqRefusal {
  return { ok: false, text: `cq: ${message}\n\n${usage}`, exitCode: 2 };
}

/**
 * Runs `read` (node's parseArgs with HELP_OPTION among its options): its result, or the usage to print
 * for --help or for what parseArgs refused.
 */
export function readCqCommandLine<R extends { values: { help?: boolean | undefined } }>(
  read: () => R,
  usage: string,
): CqRefusal | (R & { ok: true }) {
  let parsed: R;
  try {
    parsed = read();
  } catch (error) {
    return usageProblem(usage, (error as Error).message);
  }
  if (parsed.values.help) return { ok: false, text: usage, exitCode: 0 };
  return { ...parsed, ok: true };
}
