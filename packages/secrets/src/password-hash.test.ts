import { expect } from 'chai';
import { hashPassword, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('store scrypt parameters, salt and hash, never the password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(stored).not.to.contain('horse');
    const [, , , , salt, hash] = stored.split('$');
    expect(Buffer.from(salt!, 'base64')).to.have.length(16);
    expect(Buffer.from(hash!, 'base64')).to.have.length(32);
  });

  it('verify the right password and refuse any other', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).to.equal(true);
    expect(await verifyPassword('correct horse batter', stored)).to.equal(false);
    expect(await verifyPassword('Correct horse battery', stored)).to.equal(false);
    expect(await verifyPassword('', stored)).to.equal(false);
  });

  it('salt every hash: the same password twice gives two strings, both verifying', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.to.equal(b);
    expect(await verifyPassword('same password', a)).to.equal(true);
    expect(await verifyPassword('same password', b)).to.equal(true);
  });

  it('read the cost from the stored string (a hash made at another cost still verifies)', async () => {
    // Made with N=2^14, r=8, p=1 by node's scrypt, salt "0123456789abcdef".
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const hash = scryptSync('older password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
    expect(await verifyPassword('older password', stored)).to.equal(true);
    expect(await verifyPassword('newer password', stored)).to.equal(false);
  });

  it('treat a malformed or out-of-bounds stored value as no match', async () => {
    const stored = await hashPassword('a password');
    const [, , r, p, salt, hash] = stored.split('$');
    for (const bad of [
      '',
      'plain text',
      stored.replace('scrypt$', 'bcrypt$'),
      `scrypt$1000$${r}$${p}$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${hash}`, // would allocate 16 GiB
      `scrypt$32768$64$${p}$${salt}$${hash}`,
      `scrypt$32768$${r}$${p}$${salt}$`,
      `scrypt$32768$${r}$${p}$${salt}$AAAA`, // hash too short to mean anything
    ]) {
      expect(await verifyPassword('a password', bad), bad).to.equal(false);
    }
  });
});
