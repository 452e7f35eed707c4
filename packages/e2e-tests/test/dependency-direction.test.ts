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
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
      expect(await refusals(file, code)).to.have.length(1);
    });
  }

  it('allows a declared package in production code and a test helper in a test', async () => {
    expect(await refusals('apps/worker/src/main.ts', "import imported from '@carrot-bridge/db';")).to.deep.equal([]);
    expect(
      await refusals('apps/worker/test/worker-harness.ts', "import imported from '@carrot-bridge/test-support';"),
    ).to.deep.equal([]);
  });
});
