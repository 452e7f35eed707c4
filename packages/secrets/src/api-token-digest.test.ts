import { expect } from 'chai';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { apiTokenDigest } from './api-token-digest';

const key = Buffer.alloc(32, 7).toString('base64');

describe('apiTokenDigest', () => {
  it('is HMAC-SHA-256 under a key derived from SECRETS_KEY, not under the key itself', () => {
    const derived = Buffer.from(
      hkdfSync('sha256', Buffer.alloc(32, 7), Buffer.alloc(0), 'carrot-bridge/api-token-digest/v1', 32),
    );
    const token = 'cbt_abc';
    expect(apiTokenDigest(key, token)).to.equal(createHmac('sha256', derived).update(token).digest('hex'));
    expect(apiTokenDigest(key, token)).not.to.equal(
      createHmac('sha256', Buffer.alloc(32, 7)).update(token).digest('hex'),
    );
  });

  it('is stable for a token and differs by token and by key', () => {
    const token = `cbt_${randomBytes(32).toString('base64url')}`;
    expect(apiTokenDigest(key, token)).to.match(/^[0-9a-f]{64}$/);
    expect(apiTokenDigest(key, token)).to.equal(apiTokenDigest(key, token));
    expect(apiTokenDigest(key, `${token}x`)).not.to.equal(apiTokenDigest(key, token));
    expect(apiTokenDigest(randomBytes(32).toString('base64'), token)).not.to.equal(apiTokenDigest(key, token));
  });

  it('refuses a key of the wrong size', () => {
    expect(() => apiTokenDigest(randomBytes(16).toString('base64'), 'cbt_x')).to.throw('32 bytes');
  });
});
