// Which build of an app the benchmarks run: the compiled bundle (`pnpm build` -> apps/<app>/dist/main.js),
// as production starts it, or the TypeScript sources through tsx, as `pnpm start` does in development.
// One switch for every bench section, printed in each table, so a reader knows which one ran:
//   BENCH_APPS=auto (default)  compiled where apps/<app>/dist/main.js exists, else tsx
//   BENCH_APPS=compiled        compiled, or fail (a missing build must not pass for a compiled run)
//   BENCH_APPS=tsx             tsx, even where a build exists
import { existsSync } from 'node:fs';
import { compiledAppArguments, compiledEntry, sourceAppArguments } from '@carrot-bridge/config';

export type BenchApp = 'ingress' | 'worker';
export type AppRuntime = 'compiled' | 'tsx';

const choice = process.env.BENCH_APPS ?? 'auto';
if (!['auto', 'compiled', 'tsx'].includes(choice))
  throw new Error(`BENCH_APPS must be auto, compiled or tsx, not ${choice}`);

export function appRuntime(app: BenchApp): AppRuntime {
  const built = existsSync(compiledEntry(app));
  if (choice === 'compiled' && !built)
    throw new Error(`BENCH_APPS=compiled but ${compiledEntry(app)} is missing: pnpm build`);
  return choice === 'tsx' || !built ? 'tsx' : 'compiled';
}

/**
 * Node arguments that start the app as `pnpm start` / production do, its V8 flags included; `extraFlags`
 * (a profiler, a flag under trial) go after them, so a repeated V8 flag's later value — the trial's — wins.
 */
export function appArguments(app: BenchApp, extraFlags: readonly string[] = []): string[] {
  const args = appRuntime(app) === 'compiled' ? compiledAppArguments(app) : sourceAppArguments(app);
  return [...args.slice(0, -1), ...extraFlags, args.at(-1)!];
}

/** "worker compiled, ingress tsx": what a table says about the apps that produced it. */
export function runtimesLine(): string {
  return (['worker', 'ingress'] as const).map((app) => `${app} ${appRuntime(app)}`).join(', ');
}
