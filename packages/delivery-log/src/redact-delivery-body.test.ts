import { expect } from 'chai';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { redactUnderstoodBody, REDACTED } from './redact-delivery-body';

// Property-based (issue #20, item 6): whatever a stranger puts in a body, redaction does not throw,
// keeps no token, and its time grows linearly with the body.

const parseJson = (text: string) => JSON.parse(text) as unknown;
const token = fc.stringMatching(/^[A-Za-z0-9_.+/-]{12,40}$/);
const keyLike = fc.constantFrom(
  'token',
  'TOKEN',
  'webhook_token',
  'api_key',
  'apiKey',
  'secret',
  'password',
  'auth',
  'Authorization',
  'signature',
  'key',
  'private_key',
);
const plainKey = fc
  .string({ maxLength: 12 })
  .filter((k) => !/token|secret|passw|api[_-]?key|auth|signature|^key$|_key$/i.test(k));

/** A JSON-like value with the token hidden under a key-like key, possibly inside JSON strings inside JSON strings. */
function withHiddenToken(secret: string) {
  const leaf = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 10 }),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(keyLike, tie('tree')).map(([k]) => ({ [k]: secret })),
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(plainKey, tie('tree'), { maxKeys: 4 }),
      // JSON inside a JSON string, with the secret under an escaped key as a sender may write it.
      fc
        .tuple(keyLike, tie('tree'))
        .map(([k, rest]) =>
          JSON.stringify({ inner: rest, [k]: secret }).replace(
            `"${k}"`,
            `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`,
          ),
        ),
    ),
  }));
  return fc.tuple(tree, keyLike).map(([rest, k]) => ({ type: 'event', rest, [k]: secret }));
}

/** The least of a few timings of fn, after a warm-up: a ratio of two such is steady on a shared machine. */
function fastest(fn: () => void, runs = 5): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('redactUnderstoodBody (property-based)', () => {
  it('keeps no token hidden under a key-like key, in nested JSON strings or escaped keys, and never throws', () => {
    let keptBodies = 0;
    fc.assert(
      fc.property(
        token.chain((secret) => fc.tuple(fc.constant(secret), withHiddenToken(secret))),
        ([secret, fields]) => {
          const kept = redactUnderstoodBody(fields, { parseJson });
          // Past the bounds nothing is kept at all; otherwise the secret is gone and REDACTED is there.
          if (kept === null) return;
          keptBodies += 1;
          expect(kept).not.to.contain(secret);
          expect(kept).to.contain(REDACTED);
        },
      ),
      { numRuns: 300 },
    );
    expect(keptBodies).to.be.above(250);
  });

  it('removes the known token from arbitrary text, keys and unreadable JSON included', () => {
    fc.assert(
      fc.property(token, fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 6 }), (secret, noise) => {
        const text = noise.join(secret);
        const kept = redactUnderstoodBody(
          { [text]: text, unreadable: `{${text}`, list: [text, { deep: `["${text}` }] },
          { parseJson, secrets: [secret] },
        );
        if (kept !== null) expect(kept).not.to.contain(secret);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.json({ maxDepth: 4 }), (value, text) => {
        redactUnderstoodBody({ value, text }, { parseJson });
      }),
      { numRuns: 300 },
    );
  });

  // Each shape at n and 16n characters: linear work takes about 16 times as long, quadratic 256.
  const shapes: Array<[string, (n: number) => unknown]> = [
    ['many keys', (n) => Object.fromEntries(Array.from({ length: n / 8 }, (_, i) => [`k${i}`, 'v']))],
    ['a long string full of the token', (n) => ({ a: 'tok-'.repeat(n / 4) })],
    ['an unreadable JSON string', (n) => ({ a: `{${'"a":{'.repeat(n / 5)}` })],
    [
      'JSON nested in JSON strings three deep',
      (n) => {
        let text = JSON.stringify({ list: Array.from({ length: n / 16 }, (_, i) => ({ token: i })) });
        for (let i = 0; i < 3; i += 1) text = JSON.stringify({ inner: text });
        return { event: text };
      },
    ],
    [
      'deep arrays',
      (n) => ({ a: JSON.stringify(JSON.parse('['.repeat(50) + ']'.repeat(50))).repeat(1) + ' '.repeat(n) }),
    ],
  ];
  for (const [name, make] of shapes) {
    it(`takes linear time on ${name}`, () => {
      const small = make(4096);
      const large = make(4096 * 16);
      const options = { parseJson, secrets: ['tok-'] };
      const ratio =
        fastest(() => redactUnderstoodBody(large, options)) /
        Math.max(
          fastest(() => redactUnderstoodBody(small, options)),
          0.05,
        );
      expect(ratio).to.be.at.most(40);
    });
  }
});
