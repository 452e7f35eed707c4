import { expect } from 'chai';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { isSecretKeyName } from '@carrot-bridge/logging';
import { MAX_NESTED_JSON_LEVELS, redactUnderstoodBody, REDACTED } from './redact-delivery-body';

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
const plainKey = fc.string({ maxLength: 12 }).filter((k) => !isSecretKeyName(k));

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

describe('redactUnderstoodBody', () => {
  it('redacts key-like fields by their parsed names, also in JSON nested in fields and in JSON strings inside JSON', () => {
    // The key arrives escaped ("tok\u0065n") and the JSON sits in a string inside a string: parsed, they are plain keys.
    const inner = JSON.stringify({
      id: 1,
      props: { api_key: 'app.1.k', deeper: JSON.stringify({ ['tok' + 'en']: 'deep-secret' }) },
    });
    const fields = JSON.parse(
      `{"type":"event","tok\\u0065n":"6f1c2a9e-secret","event_id":"9182736450","event":${JSON.stringify(inner)}}`,
    ) as Record<string, unknown>;
    const kept = redactUnderstoodBody(fields, { parseJson })!;
    expect(kept).not.to.contain('6f1c2a9e-secret').and.not.to.contain('app.1.k').and.not.to.contain('deep-secret');
    const read = JSON.parse(kept) as Record<string, string>;
    expect(read).to.deep.include({ type: 'event', token: REDACTED, event_id: '9182736450' });
    expect(JSON.parse(read.event!)).to.deep.equal({
      id: 1,
      props: { api_key: REDACTED, deeper: JSON.stringify({ token: REDACTED }) },
    });
  });

  it('removes a known secret wherever it appears, keys included', () => {
    const kept = redactUnderstoodBody(
      { note: 'see s3cr3t-value here', 's3cr3t-value': 1, list: ['x s3cr3t-value'] },
      { parseJson, secrets: ['s3cr3t-value'] },
    )!;
    expect(kept).not.to.contain('s3cr3t-value');
    expect(JSON.parse(kept)).to.deep.equal({ note: `see ${REDACTED} here`, [REDACTED]: 1, list: [`x ${REDACTED}`] });
  });

  it('keeps no JSON text it cannot read, none nested past the limit, and nothing of a body past the bounds', () => {
    const unreadable = JSON.parse(redactUnderstoodBody({ event: '{"token":"t-1",' }, { parseJson })!) as Record<
      string,
      string
    >;
    expect(unreadable.event).to.match(/^\[unreadable JSON/);
    let nested = JSON.stringify({ token: 'deepest' });
    for (let i = 0; i < MAX_NESTED_JSON_LEVELS; i += 1) nested = JSON.stringify({ inner: nested });
    expect(redactUnderstoodBody({ nested }, { parseJson })).not.to.contain('deepest');
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i += 1) deep = [deep];
    expect(redactUnderstoodBody({ deep }, { parseJson })).to.equal(null);
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const kept = redactUnderstoodBody(JSON.parse('{"__proto__":{"polluted":true},"a":1}'), { parseJson })!;
    expect(JSON.parse(kept)).to.deep.equal(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

describe('redactUnderstoodBody keeps no body with the token in an encoded form (fails closed)', () => {
  const TOKEN = 'Wq7tok3n/Zx9+Rv2Lp-5c81e';
  const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const shapes: Array<[string, Record<string, unknown>]> = [
    ['percent-encoded inside a string', { type: 'event', q: `token=${encodeURIComponent(TOKEN)}` }],
    [
      'base64 of {"token":…} in a field',
      { type: 'event', blob: Buffer.from(JSON.stringify({ token: TOKEN })).toString('base64') },
    ],
    ['\\u-escaped inside a JSON string literal', { type: 'event', note: `"${escaped}"` }],
    ['JSON with text in front', { type: 'event', data: `data: {"note":"${escaped}"}` }],
  ];
  for (const [name, fields] of shapes) {
    it(`does not keep a body with the token ${name}`, () => {
      expect(redactUnderstoodBody(fields, { parseJson, secrets: [TOKEN] })).to.equal(null);
    });
  }

  it('still keeps a body whose token is only under its key or as exact text', () => {
    const kept = redactUnderstoodBody(
      { type: 'event', token: TOKEN, note: `a ${TOKEN} b` },
      { parseJson, secrets: [TOKEN] },
    );
    expect(kept).to.equal(`{"type":"event","token":"${REDACTED}","note":"a ${REDACTED} b"}`);
  });
});

describe('redactUnderstoodBody reads key names as words (the list shared with the logs)', () => {
  it('redacts pass, pwd, cookie, credential and auth fields, and keeps author', () => {
    const kept = redactUnderstoodBody(
      { pass: 'a', pwd: 'b', cookie: 'c', credential: 'd', 'x-api-key': 'e', auth: 'f', author: 'Ann', authorId: 7 },
      { parseJson },
    );
    expect(JSON.parse(kept ?? 'null')).to.deep.equal({
      pass: REDACTED,
      pwd: REDACTED,
      cookie: REDACTED,
      credential: REDACTED,
      'x-api-key': REDACTED,
      auth: REDACTED,
      author: 'Ann',
      authorId: 7,
    });
  });
});
