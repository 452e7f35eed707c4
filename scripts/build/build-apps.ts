// `pnpm build`: every app compiled by esbuild to apps/<app>/dist/*.js with source maps (run them with
// `node --enable-source-maps`), workspace packages bundled in, npm packages external; then checks that
// each app's package.json lists every npm package its bundle imports (so `node apps/<app>/dist/main.js`
// resolves them in the checkout too), and that runtime/package.json lists exactly those of all apps, at
// the workspace's versions.
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@carrot-bridge/config';
import { build, type Metafile } from 'esbuild';
import { APP_BUNDLES, appDir } from './app-bundles';
import { externalPackages, npmPackagesExternal, runtimeDependencyProblems } from './external-packages';

type PackageJson = { dependencies?: Record<string, string> };
const readPackageJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/** Every version of each npm package that an app or a package depends on (not dev dependencies). */
function workspaceDependencyVersions(): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const group of ['apps', 'packages'])
    for (const name of readdirSync(join(REPO_ROOT, group))) {
      const deps = readPackageJson(join(REPO_ROOT, group, name, 'package.json')).dependencies ?? {};
      for (const [dep, version] of Object.entries(deps))
        if (!version.startsWith('workspace:')) versions.set(dep, (versions.get(dep) ?? new Set()).add(version));
    }
  return versions;
}

const metafiles: Metafile[] = [];
const problems: string[] = [];
for (const bundle of APP_BUNDLES) {
  const dir = appDir(bundle.app);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: dir,
    entryPoints: bundle.entries,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // Stack traces need the mappings only: the image ships no TypeScript source, not even inside a .map.
    sourcesContent: false,
    metafile: true,
    plugins: [npmPackagesExternal],
    logLevel: 'warning',
  });
  metafiles.push(result.metafile);
  const declared = readPackageJson(join(dir, 'package.json')).dependencies ?? {};
  for (const name of externalPackages(result.metafile))
    if (!(name in declared)) problems.push(`apps/${bundle.app}'s bundle imports ${name}: add it to its package.json`);
  for (const asset of bundle.assets)
    cpSync(join(dir, asset.from), join(dir, 'dist', asset.to), {
      recursive: true,
      filter: (source) => !source.endsWith('.test.ts'),
    });
  console.log(`build: apps/${bundle.app}/dist/ (${Object.keys(bundle.entries).join(', ')})`);
}

const imported = new Set(metafiles.flatMap((metafile) => [...externalPackages(metafile)]));
const runtime = readPackageJson(join(REPO_ROOT, 'runtime', 'package.json')).dependencies ?? {};
problems.push(...runtimeDependencyProblems(imported, runtime, workspaceDependencyVersions()));
if (problems.length > 0) {
  console.error(`build: the package.json files do not match what the bundles import:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
