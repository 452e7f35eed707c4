// The runtime directory's node_modules without what only optional peer dependencies brought in.
// pnpm resolves a package's optional peers from the workspace root, and the lock file records them:
// @prisma/client's `prisma` and `typescript` peers are the root's development tools, so `pnpm deploy`
// of runtime/ installs the Prisma CLI, its engines and TypeScript, which nothing run in production
// imports. This keeps the packages reachable from runtime/package.json's dependencies by ordinary and
// required-peer edges, and removes the other packages of node_modules/.pnpm and the links to them.
// Usage: node --import tsx scripts/build/prune-optional-peers.ts <runtime dir>
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

type Manifest = {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

const root = process.argv[2] ?? '';
if (!root) throw new Error('usage: prune-optional-peers.ts <runtime dir>');
const store = join(root, 'node_modules', '.pnpm');
const realRoot = realpathSync(root);
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
/** .pnpm/<entry>/node_modules/<name> -> <entry>. */
const storeEntryOf = (packageDir: string) => relative(store, packageDir).split(sep)[0]!;

function isOptionalPeer(manifest: Manifest, name: string): boolean {
  const ordinary = name in (manifest.dependencies ?? {}) || name in (manifest.optionalDependencies ?? {});
  return (
    !ordinary && name in (manifest.peerDependencies ?? {}) && manifest.peerDependenciesMeta?.[name]?.optional === true
  );
}

const kept = new Set<string>();
const queue = Object.keys(manifestOf(root).dependencies ?? {}).map((name) =>
  realpathSync(join(root, 'node_modules', name)),
);
while (queue.length > 0) {
  const dir = queue.pop()!;
  const entry = storeEntryOf(dir);
  if (kept.has(entry)) continue;
  kept.add(entry);
  const manifest = manifestOf(dir);
  const names = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ];
  for (const name of names) {
    if (isOptionalPeer(manifest, name)) continue;
    // A dependency is linked beside the package in its .pnpm entry (an optional one may be absent).
    const link = join(store, entry, 'node_modules', name);
    if (existsSync(link)) queue.push(realpathSync(link));
  }
}

const removed = readdirSync(store).filter(
  (entry) => entry !== 'node_modules' && !entry.endsWith('.yaml') && !kept.has(entry),
);
for (const entry of removed) rmSync(join(store, entry), { recursive: true, force: true });
// Links left pointing at a removed entry (an optional peer beside @prisma/client, .pnpm/node_modules's
// hoisted ones) or out of the directory (pnpm hoists a link to runtime/ in the checkout). Links live in
// node_modules folders, their @scope folders and .pnpm's entries, never deeper.
const inside = (path: string) => !relative(realRoot, realpathSync(path)).startsWith('..');
function removeStrayLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      if (!existsSync(path) || !inside(path)) rmSync(path);
    } else if (
      stat.isDirectory() &&
      (name === 'node_modules' || name === '.pnpm' || name.startsWith('@') || dir === store)
    )
      removeStrayLinks(path);
  }
}
removeStrayLinks(join(root, 'node_modules'));
console.log(`prune: kept ${kept.size} packages, removed ${removed.length} (${removed.join(', ') || 'none'})`);
