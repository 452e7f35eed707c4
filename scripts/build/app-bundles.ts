// What `pnpm build` compiles: each app's entry points, and where the compiled file goes. A bundle sits
// at apps/<app>/dist/<name>.js, three folders below the root as the sources in packages/<name>/src are,
// so paths computed from import.meta (packages/config's REPO_ROOT) mean the same in both.
import { join } from 'node:path';
import { compiledEntry, REPO_ROOT, type LaunchedApp } from '@carrot-bridge/config';

export type AppName = LaunchedApp;

export interface AppBundle {
  app: AppName;
  /** Entry points by output name: `main` becomes apps/<app>/dist/main.js. */
  entries: Record<string, string>;
  /** Folders copied next to the bundle: files the app reads through `new URL('./…', import.meta.url)`. */
  assets: Array<{ from: string; to: string }>;
}

export const APP_BUNDLES: readonly AppBundle[] = [
  { app: 'ingress', entries: { main: 'src/main.ts' }, assets: [] },
  { app: 'worker', entries: { main: 'src/main.ts' }, assets: [] },
  {
    app: 'console',
    // cq: `pnpm cq` in the image (`npm run cq`), where there is no tsx.
    entries: { main: 'src/main.ts', cq: 'src/cli/cq.ts' },
    // The page's browser modules: page/static-dir.ts finds them beside itself in src, beside the bundle in dist.
    assets: [{ from: 'src/page/static', to: 'static' }],
  },
];

export const appDir = (app: AppName): string => join(REPO_ROOT, 'apps', app);

/** The compiled app as production starts it, relative to the root (the checkout or the runtime directory). */
export const compiledMain = (app: AppName): string => compiledEntry(app);
