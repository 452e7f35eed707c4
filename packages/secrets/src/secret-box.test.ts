import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';
import { integrationSecretContext } from './integration-secret-context';
import { generateWebhookKey, hashSecret, isWellFormedWebhookKey, secretsEqual } from './webhook-key';

const key = randomBytes(32).toString('base64');

describe('SecretBox', () => {
  it('round-trips a secret and never contains it in clear', () => {
    const box = new SecretBox(key);
    const sealed = box.encrypt('cq-api-key-1234', 'integration-1');
    expect(sealed).to.match(/^v1\./);
    expect(sealed).not.to.contain('cq-api-key');
    expect(box.decrypt(sealed, 'integration-1')).to.equal('cq-api-key-1234');
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(key);
    expect(box.encrypt('same', 'c')).not.to.equal(box.encrypt('same', 'c'));
  });

  it('refuses a ciphertext moved to another context', () => {
    const box = new SecretBox(key);
    expect(() => box.decrypt(box.encrypt('k', 'integration-1'), 'integration-2')).to.throw(SecretBoxError);
  });

  it('refuses an integration secret moved to another column of the same row', () => {
    const box = new SecretBox(key);
    const sealed = box.encrypt('token', integrationSecretContext('i-1', 'webhook-token'));
    expect(box.decrypt(sealed, integrationSecretContext('i-1', 'webhook-token'))).to.equal('token');
    expect(() => box.decrypt(sealed, integrationSecretContext('i-1', 'api-key'))).to.throw(SecretBoxError);
  });

  it('refuses a tampered ciphertext and a different key', () => {
    const box = new SecretBox(key);
    const sealed = box.encrypt('secret', 'c');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('SECRET').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'c')).to.throw(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32).toString('base64')).decrypt(sealed, 'c')).to.throw(SecretBoxError);
  });

  it('rejects a key of the wrong size and garbage input', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).to.throw(SecretBoxError, '32 bytes');
    expect(() => new SecretBox(key).decrypt('plain-text', 'c')).to.throw(SecretBoxError, 'known version');
  });
});

describe('webhook keys', () => {
  it('are 192-bit, URL-safe and distinct', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateWebhookKey));
    expect(keys.size).to.equal(1000);
    for (const k of keys) expect(isWellFormedWebhookKey(k)).to.equal(true);
    expect(Buffer.from([...keys][0]!, 'base64url')).to.have.length(24);
  });

  it('rejects malformed keys before any lookup', () => {
    expect(isWellFormedWebhookKey('short')).to.equal(false);
    expect(isWellFormedWebhookKey('x'.repeat(31) + '/')).to.equal(false);
  });

  it('hashes to stable hex and compares secrets of any length', () => {
    expect(hashSecret('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretsEqual('token', 'token')).to.equal(true);
    expect(secretsEqual('token', 'token2')).to.equal(false);
    expect(secretsEqual('', 'x')).to.equal(false);
  });
});
