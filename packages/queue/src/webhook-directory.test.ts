import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '@carrot-bridge/test-support';
import { createRedisConnection } from './redis-connection';
import { WebhookDirectory, type WebhookDirectoryEntry } from './webhook-directory';

describe('WebhookDirectory (real Redis)', () => {
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const directory = new WebhookDirectory(redis, prefix);
  const entry = (active = true): WebhookDirectoryEntry => ({ integrationId: randomUUID(), accountId: randomUUID(), active, tokenHash: null });
  after(async () => {
    await redis.del(`${prefix}:webhook-keys`);
    redis.disconnect();
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

  it('treats a corrupted entry as unknown', async () => {
    await redis.hset(`${prefix}:webhook-keys`, 'bad', JSON.stringify({ integrationId: 'x' }));
    expect(await directory.lookup('bad')).to.equal(null);
  });
});
