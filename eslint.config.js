// ESLint for the whole workspace, type-aware (typescript-eslint's project service reads tsconfig.json).
// What it guards, beyond style:
// - regular expressions that a stranger's text could make backtrack super-linearly (issue #20);
// - promises nobody awaits or handles (a lost rejection is a lost webhook or chat);
// - the direction of dependencies: a package imports only the workspace packages its package.json
//   declares, no package imports an app, no app imports another, production code imports no test
//   helper or fake, and packages/domain imports nothing but its two pure libraries (issue #21).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

const WORKSPACE_SCOPE = '@carrot-bridge/';
const TEST_ONLY = ['test-support', 'carrotquest-fake', 'data-api-fake', 'fixtures', 'e2e-tests', 'fault-suite'];

/** Every workspace folder (apps/x, packages/x) with the workspace packages its package.json declares. */
function workspaceFolders() {
  return ['apps', 'packages'].flatMap((root) =>
    readdirSync(join(import.meta.dirname, root))
      .filter((name) => existsSync(join(import.meta.dirname, root, name, 'package.json')))
      .map((name) => {
        const pkg = JSON.parse(readFileSync(join(import.meta.dirname, root, name, 'package.json'), 'utf8'));
        const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) =>
          d.startsWith(WORKSPACE_SCOPE),
        );
        const runtime = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith(WORKSPACE_SCOPE));
        return { folder: `${root}/${name}`, name: pkg.name, declared, runtime };
      }),
  );
}

/**
 * A relative import resolved against the importing file must stay inside that file's app or package:
 * a regex over the specifier cannot see that `./../../x`, `../src/../../x` and `../../x/package.json`
 * all leave it, a resolved path can. `allow` names repository folders a file may still reach.
 */
const stayInPackage = {
  meta: {
    type: 'problem',
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      climbs:
        "'{{specifier}}' leaves {{folder}}: reach another app or package by its package name, declared in package.json.",
    },
  },
  create(context) {
    const fromRoot = relative(import.meta.dirname, context.filename).split(sep);
    if (!['apps', 'packages'].includes(fromRoot[0]) || fromRoot.length < 3) return {};
    const folder = resolve(import.meta.dirname, fromRoot[0], fromRoot[1]);
    const allowed = (context.options[0]?.allow ?? []).map((dir) => resolve(import.meta.dirname, dir));
    const inside = (target, dir) => target === dir || target.startsWith(dir + sep);
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source.value);
      if (inside(target, folder) || allowed.some((dir) => inside(target, dir))) return;
      context.report({
        node: source,
        messageId: 'climbs',
        data: { specifier: source.value, folder: `${fromRoot[0]}/${fromRoot[1]}` },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
    };
  },
};

const folders = workspaceFolders();
const allPackages = folders.map((f) => f.name);
const testGlobs = ['**/*.test.ts', '**/test/**'];

function importRules(folder) {
  const isTestOnlyPackage = TEST_ONLY.some((t) => folder.folder === `packages/${t}`);
  const forbiddenEverywhere = allPackages.filter((p) => p !== folder.name && !folder.declared.includes(p));
  const forbiddenInSource = isTestOnlyPackage
    ? forbiddenEverywhere
    : allPackages.filter((p) => p !== folder.name && !folder.runtime.includes(p));
  const paths = (names, why) => names.map((name) => ({ name, message: why }));
  const crossFolder = {
    group: ['**/apps/*', '**/packages/*', '../../*/src/**', '../../../*/src/**'],
    message: 'Reach another app or package by its package name, declared in package.json, never by a relative path.',
  };
  const domainOnly = folder.folder === 'packages/domain';
  return [
    {
      files: [`${folder.folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: paths(
              forbiddenEverywhere,
              `${folder.folder}/package.json does not declare it: dependencies point one way.`,
            ),
            patterns: [crossFolder],
          },
        ],
      },
    },
    {
      files: [`${folder.folder}/src/**/*.ts`],
      ignores: testGlobs,
      rules: {
        // import() is not an import declaration: no-restricted-imports does not see it.
        ...(domainOnly
          ? {
              'no-restricted-syntax': [
                'error',
                { selector: 'ImportExpression', message: 'packages/domain is pure: no dynamic import.' },
              ],
            }
          : {}),
        'no-restricted-imports': [
          'error',
          domainOnly
            ? {
                patterns: [
                  {
                    // `./name` only: `./../x` would otherwise pass as "its own file".
                    regex: '^(?!\\./[^./][^/]*$|libphonenumber-js(?:/|$)|lossless-json$)',
                    message:
                      'packages/domain is pure: its own files, libphonenumber-js and lossless-json only (no I/O, no other package).',
                  },
                ],
              }
            : {
                paths: paths(
                  forbiddenInSource,
                  'Production code imports only the runtime dependencies in package.json (no test helper, fake or fixture).',
                ),
                patterns: [crossFolder],
              },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'packages/db/src/generated/**', '.data/**', '**/dist/**', 'mutations/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-useless-backreference': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-dupe-disjunctions': ['error', { report: 'all' }],
    },
  },
  {
    files: ['{apps,packages}/*/**/*.ts'],
    plugins: { 'carrot-bridge': { rules: { 'stay-in-package': stayInPackage } } },
    rules: { 'carrot-bridge/stay-in-package': 'error' },
  },
  {
    // The e2e tests prove the repository's own scripts (pnpm start's supervisor, the dependency audit).
    files: ['packages/e2e-tests/test/**/*.ts'],
    rules: { 'carrot-bridge/stay-in-package': ['error', { allow: ['scripts'] }] },
  },
  ...folders.flatMap(importRules),
);
