import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { apiTokenDigest } from './api-token-digest';
import { personalDataDigest } from './personal-data-digest';

const key = Buffer.alloc(32, 7).toString('base64');

describe('personalDataDigest', () => {
  it('is stable for a criterion, differs by criterion and by key, and never shows the value', () => {
    const digest = personalDataDigest(key, 'phone:+79161234567');
    expect(digest).to.match(/^[0-9a-f]{64}$/);
    expect(personalDataDigest(key, 'phone:+79161234567')).to.equal(digest);
    expect(personalDataDigest(key, 'carrot_user:79161234567')).not.to.equal(digest);
    expect(personalDataDigest(randomBytes(32).toString('base64'), 'phone:+79161234567')).not.to.equal(digest);
    expect(digest).not.to.contain('9161234567');
  });

  it('uses a key of its own: the same input digests apart from an API token', () => {
    expect(personalDataDigest(key, 'x')).not.to.equal(apiTokenDigest(key, 'x'));
  });
});
