import { expect } from 'chai';
import { ESLint } from 'eslint';

// Dependencies point one way (issue #21): a package imports only the workspace packages its
// package.json declares, no package imports an app, no app reaches into another, and production code
// imports no test helper or fake. ESLint's no-restricted-imports (eslint.config.js) enforces it in
// pnpm lint; this proves the rules are there and catch each case.
describe('dependency direction, as pnpm lint enforces it', function () {
  this.timeout(60_000);
  const repoRoot = new URL('../../../', import.meta.url).pathname;
  const eslint = new ESLint({ cwd: repoRoot });
  /** The refusals ESLint reports for `code` written at an existing file's place (type-aware rules need one). */
  const refusals = async (file: string, code: string) => {
    const [result] = await eslint.lintText(`${code}\nexport const used = imported;\n`, {
      filePath: `${repoRoot}${file}`,
    });
    const refusals = new Set(['no-restricted-imports', 'carrot-bridge/stay-in-package']);
    return result!.messages.filter((m) => refusals.has(m.ruleId ?? '')).map((m) => m.message);
  };

  const refused: Array<[string, string, string]> = [
    ['a package importing an app', 'packages/queue/src/index.ts', "import imported from '@carrot-bridge/console';"],
    [
      'a package importing an undeclared package',
      'packages/db/src/index.ts',
      "import imported from '@carrot-bridge/queue';",
    ],
    [
      'an app reaching into another by path',
      'apps/worker/src/main.ts',
      "import imported from '../../console/src/config';",
    ],
    [
      'an app reaching into another by a path that starts with ./',
      'apps/worker/src/main.ts',
      "import imported from './../../console/src/main';",
    ],
    [
      "an app reading another's package.json by path",
      'apps/worker/src/main.ts',
      "import imported from '../../console/package.json';",
    ],
    [
      'a file one folder deeper climbing out of its package',
      'apps/worker/src/export/decide-export-failure.ts',
      "import imported from '../../../console/src/config';",
    ],
    [
      'a path that climbs out through a detour',
      'apps/worker/src/main.ts',
      "import imported from '../src/../../console/src/config';",
    ],
    [
      'a test climbing out of its package',
      'apps/worker/test/worker-harness.ts',
      "import imported from '../../console/test/console-harness';",
    ],
    [
      'a re-export from another package by path',
      'packages/queue/src/index.ts',
      "export { default as imported } from '../../db/src/index';",
    ],
    [
      'production code importing a test helper',
      'apps/worker/src/main.ts',
      "import imported from '@carrot-bridge/test-support';",
    ],
    [
      'production code importing a fake',
      'apps/console/src/main.ts',
      "import imported from '@carrot-bridge/carrotquest-fake';",
    ],
  ];
  for (const [what, file, code] of refused) {
    it(`refuses ${what}`, async () => {
      expect(await refusals(file, code)).to.not.be.empty;
    });
  }

  it('allows imports within the package, from src/, a sub-folder and test/', async () => {
    expect(await refusals('apps/worker/src/main.ts', "import imported from './config';")).to.deep.equal([]);
    expect(
      await refusals('apps/worker/src/export/decide-export-failure.ts', "import imported from '../config';"),
    ).to.deep.equal([]);
    expect(await refusals('apps/worker/test/worker-harness.ts', "import imported from '../src/config';")).to.deep.equal(
      [],
    );
  });

  it('allows the e2e tests, and only them, the repository scripts they test', async () => {
    const script = "import imported from '../../../scripts/supervised-app';";
    expect(await refusals('packages/e2e-tests/test/start-supervisor.test.ts', script)).to.deep.equal([]);
    expect(
      await refusals('apps/worker/test/worker-harness.ts', "import imported from '../../../scripts/supervised-app';"),
    ).to.not.be.empty;
  });

  it('allows a declared package in production code and a test helper in a test', async () => {
    expect(await refusals('apps/worker/src/main.ts', "import imported from '@carrot-bridge/db';")).to.deep.equal([]);
    expect(
      await refusals('apps/worker/test/worker-harness.ts', "import imported from '@carrot-bridge/test-support';"),
    ).to.deep.equal([]);
  });
});
