import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';

// packages/domain is the pure core: no I/O library, no other workspace package. This keeps it so.
describe('packages/domain purity', () => {
  const srcDir = new URL('./', import.meta.url);
  const sources = readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  // lossless-json: a pure parser, for ids past 2^53 (exact-json.ts).
  const allowed = new Set(['libphonenumber-js', 'lossless-json']);

  it('depends on nothing but libphonenumber-js and lossless-json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).to.deep.equal([...allowed]);
  });

  it('imports only its own files and the allowed libraries in every source file', () => {
    expect(sources.length).to.be.greaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, srcDir), 'utf8');
      const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const specifier of specifiers) {
        const root = specifier.startsWith('.') ? '.' : specifier.split('/')[0]!;
        expect(root === '.' || allowed.has(root), `${file} imports ${specifier}`).to.equal(true);
      }
    }
  });
});
