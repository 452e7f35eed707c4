// Which imports a bundle carries and which it leaves to node_modules: our workspace packages
// (@carrot-bridge/*, TypeScript sources) are compiled in; every npm package stays external and comes
// from the runtime directory's node_modules (runtime/package.json), installed from the lock file.
import type { Metafile, Plugin } from 'esbuild';

const WORKSPACE_SCOPE = '@carrot-bridge/';

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Bare specifiers other than ours and node: builtins are external. */
export const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith(WORKSPACE_SCOPE) || args.path.startsWith('node:')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/** The npm packages the bundles import (node: builtins aside). */
export function externalPackages(metafile: Metafile): Set<string> {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && !imported.path.startsWith('node:')) names.add(packageNameOf(imported.path));
  return names;
}

/**
 * What is wrong with runtime/package.json for these bundles: a package they import that it does not
 * list, or lists at another version than the workspace package that depends on it (the bundle must run
 * on the version its tests ran on), or lists though no bundle imports it (the image carries only what runs).
 */
export function runtimeDependencyProblems(
  imported: Set<string>,
  runtime: Record<string, string>,
  workspace: Map<string, Set<string>>,
): string[] {
  const problems: string[] = [];
  for (const name of [...imported].sort()) {
    const version = runtime[name];
    const wanted = [...(workspace.get(name) ?? [])];
    if (version === undefined) problems.push(`${name} is imported but not in runtime/package.json`);
    else if (wanted.length > 0 && !wanted.includes(version))
      problems.push(`${name}: runtime/package.json has ${version}, the workspace ${wanted.join(' / ')}`);
  }
  for (const name of Object.keys(runtime).sort())
    if (!imported.has(name)) problems.push(`${name} is in runtime/package.json but no bundle imports it`);
  return problems;
}
