// How node starts each app, in one place: `pnpm start`, the test suites' real processes, the bench, the
// runtime smoke test and (as literals a test compares) docker-compose.yml.

export type LaunchedApp = 'console' | 'ingress' | 'worker';

/**
 * V8 flags an app runs with, compiled or not. The worker's heap: at ~600 chats/s it allocates ~300 MB/s,
 * a job lives ~0.17 s while V8's default 16 MB semi-space fills in ~50 ms, so what a job holds is
 * promoted and dies in old space, which V8 lets grow to ~4× its live size before marking it (~45 MB live,
 * 300+ MB RSS). A 32 MB semi-space promotes less, and a growing factor of 2 (heap-growing-percent=100)
 * marks sooner: measured in BENCHMARKS.md and scripts/bench/profile-history.md (RSS 310 → 244 MB at
 * the same CPU per chat). Command-line only: NODE_OPTIONS refuses --heap-growing-percent.
 */
export const APP_NODE_FLAGS: Readonly<Record<LaunchedApp, readonly string[]>> = {
  console: [],
  ingress: [],
  worker: ['--max-semi-space-size=32', '--heap-growing-percent=100'],
};

/** Where `pnpm build` puts an app's bundle, relative to the root (the checkout or the runtime directory). */
export function compiledEntry(app: LaunchedApp, entry: 'main' | 'cq' = 'main'): string {
  return `apps/${app}/dist/${entry}.js`;
}

/** Node's arguments for an app as production starts it (`pnpm build`'s bundle), from the root. */
export function compiledAppArguments(app: LaunchedApp, entry: 'main' | 'cq' = 'main'): string[] {
  return ['--enable-source-maps', ...APP_NODE_FLAGS[app], compiledEntry(app, entry)];
}

/** Node's arguments for an app's TypeScript through tsx, from the repository root. */
export function sourceAppArguments(app: LaunchedApp, entry: 'main' | 'cq' = 'main'): string[] {
  return ['--import', 'tsx', ...APP_NODE_FLAGS[app], `apps/${app}/src/${entry === 'cq' ? 'cli/cq' : 'main'}.ts`];
}
