// ESLint for the whole workspace. Issue #20 starts it with the one rule set that guards a live risk:
// every regular expression in the tree is checked for super-linear backtracking, because a stranger
// controls the text many of them see (webhook bodies, CarrotQuest messages, headers, paths). The house
// issue (#21) extends this file with type-aware rules and formatting.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'packages/db/src/generated/**', '.data/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
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
);
