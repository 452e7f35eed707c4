import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { requireEnv } from '@carrot-bridge/test-support';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import {
  WebhookDirectory,
  WebhookDirectoryDigests,
  WebhookDirectoryIncompleteError,
  type WebhookDirectoryEntry,
} from '../src/webhook-directory';

describe('WebhookDirectory (real Redis)', () => {
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const secretsKey = randomBytes(32).toString('base64');
  const directory = new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey));
  const entry = (active = true): WebhookDirectoryEntry => ({
    integrationId: randomUUID(),
    accountId: randomUUID(),
    active,
    tokenHash: null,
  });
  before(() => redisReady(redis));
  after(async () => {
    await redis.del(`${prefix}:webhook-keys`);
    redis.disconnect();
  });

  it('until a full publication, cannot tell unknown from lost and says so', async () => {
    expect(await directory.isComplete()).to.equal(false);
    const error = await directory.lookup('hash-0').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(WebhookDirectoryIncompleteError);
    await directory.replaceAll(new Map());
    expect(await directory.isComplete()).to.equal(true);
    expect(await directory.lookup('hash-0')).to.equal(null);
  });

  it('finds a published key and forgets a revoked one', async () => {
    const e = entry();
    await directory.publish('hash-1', e);
    expect(await directory.lookup('hash-1')).to.deep.equal(e);
    await directory.revoke('hash-1');
    expect(await directory.lookup('hash-1')).to.equal(null);
  });

  it('replaces everything at once on a full sync', async () => {
    await directory.publish('stale', entry());
    const fresh = new Map([
      ['a', entry()],
      ['b', entry(false)],
    ]);
    await directory.replaceAll(fresh);
    expect(await directory.lookup('stale')).to.equal(null);
    expect(await directory.lookup('b')).to.deep.equal(fresh.get('b'));
    expect(await directory.size()).to.equal(2);
  });

  it('loses its completeness with its data (a flush), and a single publish does not restore it', async () => {
    await directory.replaceAll(new Map([['a', entry()]]));
    await redis.del(`${prefix}:webhook-keys`);
    await directory.publish('b', entry());
    expect(await directory.isComplete()).to.equal(false);
    expect(
      await directory.lookup('a').then(
        () => null,
        (e: unknown) => e,
      ),
    ).to.be.instanceOf(WebhookDirectoryIncompleteError);
  });

  it('keys Redis by a keyed digest: neither the key hash nor the token is in Redis, and another SECRETS_KEY finds nothing', async () => {
    const tokenDigest = directory.digests.token('short-token');
    await directory.replaceAll(new Map([['sha-of-key', { ...entry(), tokenHash: tokenDigest }]]));
    const stored = JSON.stringify(await redis.hgetall(`${prefix}:webhook-keys`));
    expect(stored).not.to.contain('sha-of-key');
    expect(stored).not.to.contain('short-token');
    const other = new WebhookDirectory(
      redis,
      prefix,
      WebhookDirectoryDigests.fromSecretsKey(randomBytes(32).toString('base64')),
    );
    expect(await other.lookup('sha-of-key')).to.equal(null);
    expect(other.digests.token('short-token')).not.to.equal(tokenDigest);
  });

  it('concurrent lookups (one shared HMGET) each get their own answer, always read fresh', async () => {
    const [a, b] = [entry(), entry(false)];
    await directory.replaceAll(
      new Map([
        ['a', a],
        ['b', b],
      ]),
    );
    const keys = ['a', 'b', 'nobody', 'a', 'b', 'nobody-2'];
    expect(await Promise.all(keys.map((k) => directory.lookup(k)))).to.deep.equal([a, b, null, a, b, null]);
    const changed = { ...a, active: false };
    await directory.publish('a', changed);
    expect(await directory.lookup('a')).to.deep.equal(changed);
    await directory.revoke('b');
    expect(await Promise.all([directory.lookup('a'), directory.lookup('b')])).to.deep.equal([changed, null]);
    await redis.del(`${prefix}:webhook-keys`);
    const lost = await Promise.all(
      ['a', 'nobody'].map((k) =>
        directory.lookup(k).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const error of lost) expect(error).to.be.instanceOf(WebhookDirectoryIncompleteError);
  });

  it('treats a corrupted entry as unknown', async () => {
    await redis.hset(
      `${prefix}:webhook-keys`,
      directory.digests.keyField('bad'),
      JSON.stringify({ integrationId: 'x' }),
    );
    expect(await directory.lookup('bad')).to.equal(null);
  });
});
