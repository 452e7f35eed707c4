import { expect } from 'chai';
import { createHmac, hkdfSync } from 'node:crypto';
import { keyedDigest } from './keyed-digest';

const keyA = Buffer.alloc(32, 7).toString('base64');
const keyB = Buffer.alloc(32, 9).toString('base64');
const INFO = 'carrot-bridge/test/v1';

/** The definition, derived afresh each time: HMAC-SHA-256 under HKDF-SHA-256(SECRETS_KEY, no salt, info). */
function expected(secretsKeyBase64: string, info: string, input: string): string {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretsKeyBase64, 'base64'), Buffer.alloc(0), info, 32));
  return createHmac('sha256', key).update(input, 'utf8').digest('hex');
}

describe('keyedDigest', () => {
  it('digests under the key derived from the SECRETS_KEY and info of each call, also when they alternate', () => {
    const calls: Array<[string, string, string]> = [
      [keyA, INFO, 'x'],
      [keyB, INFO, 'x'],
      [keyA, INFO, 'y'],
      [keyA, `${INFO}-other`, 'y'],
      [keyB, `${INFO}-other`, 'x'],
      [keyA, INFO, 'x'],
    ];
    const digests = calls.map(([key, info, input]) => keyedDigest(key, info, input));
    expect(digests).to.deep.equal(calls.map(([key, info, input]) => expected(key, info, input)));
    expect(new Set(digests).size).to.equal(5);
  });

  it('refuses a key that is not 32 bytes, also after a good one', () => {
    keyedDigest(keyA, INFO, 'x');
    expect(() => keyedDigest(Buffer.alloc(16).toString('base64'), INFO, 'x')).to.throw(/32 bytes/);
  });
});
