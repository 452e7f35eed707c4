import { expect } from 'chai';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { parseCarrotQuestWebhook, parseExactJson } from '@carrot-bridge/domain';
import { redactUnderstoodBody } from '@carrot-bridge/delivery-log';
import { decodeBase64Body } from './decode-base64-body';

// Property-based (issue #20, item 6): the webhook parser path as the ingress runs it on a body a
// stranger controls: decodeBase64Body, then parseCarrotQuestWebhook, then the delivery log's redaction.

const token = fc.stringMatching(/^[A-Za-z0-9_.+/-]{12,40}$/);
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.base64String({ maxLength: 200 }),
);

function asBase64(body: string, variant: 'base64' | 'base64url' | 'lines'): Buffer {
  const encoded = Buffer.from(body, 'utf8').toString(variant === 'base64url' ? 'base64url' : 'base64');
  return Buffer.from(variant === 'lines' ? encoded.replace(/(.{76})/g, '$1\r\n') : encoded, 'latin1');
}

/** What the ingress does with a raw body the form parser read as one field name (a base64 body's fate). */
function run(raw: Buffer) {
  const decoded = decodeBase64Body(raw, { [raw.toString('latin1')]: '' });
  const parsed = parseCarrotQuestWebhook(decoded?.fields ?? {});
  const kept = decoded ? redactUnderstoodBody(decoded.fields, { parseJson: parseExactJson }) : null;
  return { decoded, parsed, kept };
}

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

describe('the webhook parser path (property-based)', () => {
  it('never throws on random bytes, random text or random base64', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text.map((t) => Buffer.from(t, 'utf8')),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        ),
        (raw) => {
          const { parsed } = run(raw);
          expect(parsed.kind).to.be.a('string');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the token of a base64 form or JSON body (any variant) and keeps none of it in the redacted body', () => {
    let decodedCount = 0;
    fc.assert(
      fc.property(
        token,
        fc.dictionary(
          fc
            .string({ minLength: 1, maxLength: 8 })
            .filter((k) => !/token|secret|passw|api[_-]?key|auth|signature|^key$|_key$|^type$/i.test(k)),
          text,
          { maxKeys: 5 },
        ),
        fc.constantFrom('form', 'json', 'json-escaped-key', 'json-in-json') as fc.Arbitrary<string>,
        fc.constantFrom('base64', 'base64url', 'lines') as fc.Arbitrary<'base64' | 'base64url' | 'lines'>,
        (secret, extra, shape, variant) => {
          const fields = { type: 'conversation', ...extra, token: secret };
          const body =
            shape === 'form'
              ? new URLSearchParams(fields).toString()
              : shape === 'json'
                ? JSON.stringify(fields)
                : shape === 'json-escaped-key'
                  ? JSON.stringify(fields).replace('"token"', '"tok\\u0065n"')
                  : JSON.stringify({
                      ...fields,
                      conversation: JSON.stringify({ id: 1, conversation: 2, token: secret }),
                    });
          const { decoded, kept } = run(asBase64(body, variant));
          expect(decoded, body).not.to.equal(null);
          decodedCount += 1;
          expect(decoded!.fields.token).to.equal(secret);
          expect(decoded!.encoding).to.equal(shape === 'form' ? 'base64+form' : 'base64+json');
          expect(kept).to.be.a('string');
          expect(kept!).not.to.contain(secret);
        },
      ),
      { numRuns: 300 },
    );
    expect(decodedCount).to.equal(300);
  });

  // Each at n and 16n characters: linear work takes about 16 times as long, quadratic 256.
  const shapes: Array<[string, (n: number) => Buffer]> = [
    ['base64 with a line break after every character', (n) => Buffer.from('QUJD\r\n'.repeat(n / 6), 'latin1')],
    ['almost-base64 with one bad character at the end', (n) => Buffer.from(`${'A'.repeat(n)}!`, 'latin1')],
    ['base64 of a form with many fields', (n) => asBase64(`type=event&${'a=b&'.repeat(n / 4)}`, 'base64')],
    [
      'base64 of an event with a deeply nested event field',
      (n) =>
        asBase64(
          JSON.stringify({ type: 'event', event_name: 'x', event_id: 1, event: '['.repeat(n / 2) + ']'.repeat(n / 2) }),
          'base64',
        ),
    ],
    [
      'base64 of JSON with a long digit run',
      (n) => asBase64(`{"type":"event","event":{"id":${'9'.repeat(n)}}}`, 'base64'),
    ],
  ];
  for (const [name, make] of shapes) {
    it(`takes linear time on ${name}`, () => {
      const small = make(4096);
      const large = make(4096 * 16);
      const ratio =
        fastest(() => run(large)) /
        Math.max(
          fastest(() => run(small)),
          0.05,
        );
      expect(ratio).to.be.at.most(40);
    });
  }
});
