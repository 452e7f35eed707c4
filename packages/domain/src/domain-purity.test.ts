import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';

// packages/domain is the pure core: no I/O library, no other workspace package. ESLint's
// no-restricted-imports (eslint.config.js) is what keeps it so, on every import form; this proves
// the rule is there and catches each form, as pnpm lint runs it.
describe('packages/domain purity', function () {
  this.timeout(60_000);
  const repoRoot = new URL('../../../', import.meta.url).pathname;
  const eslint = new ESLint({ cwd: repoRoot });
  // An existing file's path, so the type-aware rules find it in the project; the text is ours.
  const asDomainFile = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${repoRoot}packages/domain/src/contact.ts` });
    const refusals = new Set(['no-restricted-imports', 'no-restricted-syntax']);
    return result!.messages.filter((m) => refusals.has(m.ruleId ?? '')).map((m) => m.line);
  };

  it('depends on nothing but libphonenumber-js and lossless-json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).to.deep.equal(['libphonenumber-js', 'lossless-json']);
  });

  it('refuses every import form of an I/O library or another workspace package', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import 'axios';",
      "export { Redis } from 'ioredis';",
      "import type { Logger } from '@carrot-bridge/logging';",
      "import * as pg from 'pg';",
      "export const later = () => import('node:http');",
      "import x from '../../db/src/index';",
      'export const used = [readFileSync, pg, x];',
    ].join('\n');
    expect(await asDomainFile(code)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses another package reached by a path that starts with ./ or climbs out', async () => {
    const code = [
      "import a from './../../config/src/index';",
      "import b from './../domain/src/contact';",
      "import c from './sub/../../../db/src/index';",
      "import d from '../../db/package.json';",
      'export const used = [a, b, c, d];',
    ].join('\n');
    expect(await asDomainFile(code)).to.deep.equal([1, 2, 3, 4]);
  });

  it('allows its own files and its two pure libraries', async () => {
    const code = [
      "import { parsePhoneNumberFromString } from 'libphonenumber-js/max';",
      "import { parse } from 'lossless-json';",
      "import { normaliseName } from './contact';",
      'export const used = [parsePhoneNumberFromString, parse, normaliseName];',
    ].join('\n');
    expect(await asDomainFile(code)).to.deep.equal([]);
  });
});
