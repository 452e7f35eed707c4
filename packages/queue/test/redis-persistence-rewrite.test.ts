import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { PrivateRedisServer } from '@carrot-bridge/test-support';
import { createRedisConnection, redisReady } from '../src/redis-connection';
import { rewriteRedisPersistence } from '../src/redis-persistence-rewrite';

const SECRET = 'Пётр +79161234567';

describe('rewriteRedisPersistence (a private Redis with appendonly yes)', function () {
  this.timeout(60_000);
  const server = new PrivateRedisServer();
  let redis: Redis;

  /** Every byte of the append-only file's parts (Redis 7 keeps them in appendonlydir). */
  const aofText = () => {
    const dir = join(server.dir, 'appendonlydir');
    return readdirSync(dir)
      .map((name) => readFileSync(join(dir, name)).toString('utf8'))
      .join('\n');
  };
  const info = async (field: string) => {
    const line = (await redis.info('persistence')).split('\n').find((l) => l.startsWith(`${field}:`));
    return Number(line!.split(':')[1]);
  };

  before(async () => {
    await server.start();
    redis = createRedisConnection(server.url, 'producer');
    await redisReady(redis);
  });
  after(async () => {
    redis?.disconnect();
    await server.stop();
  });

  it('rewrites the append-only file so an erased value is no longer in it; no save points: rdb off', async () => {
    await redis.lpush('deliveries', JSON.stringify({ name: SECRET }), JSON.stringify({ name: 'Ольга' }));
    await redis.lrem('deliveries', 1, JSON.stringify({ name: SECRET }));
    await redis.call('CONFIG', 'SET', 'appendfsync', 'always');
    await redis.set('flush', '1');
    expect(aofText()).to.include('+79161234567');
    const rewritesBefore = await info('aof_rewrites');

    expect(await rewriteRedisPersistence(redis)).to.deep.equal({ aof: 'rewritten', rdb: 'off' });

    expect(await info('aof_rewrites')).to.equal(rewritesBefore + 1);
    expect(aofText()).not.to.include('+79161234567');
    expect(aofText()).to.include('Ольга');
  });

  it('waits out a rewrite already running (it started before the erasure) and asks for another; saves a snapshot where save points are set', async () => {
    // Slow forks (2 ms per key) so that a rewrite is still running when the erasure asks for its own.
    await redis.call('CONFIG', 'SET', 'rdb-key-save-delay', '2000');
    for (let i = 0; i < 300; i += 1) await redis.set(`key:${i}`, String(i));
    await redis.call('CONFIG', 'SET', 'save', '3600 1');
    const rewritesBefore = await info('aof_rewrites');
    const savesBefore = await info('rdb_saves');
    await redis.bgrewriteaof();
    expect(await info('aof_rewrite_in_progress')).to.equal(1);

    expect(await rewriteRedisPersistence(redis, { pollMs: 20 })).to.deep.equal({ aof: 'rewritten', rdb: 'saved' });

    expect(await info('aof_rewrites')).to.equal(rewritesBefore + 2);
    expect(await info('rdb_saves')).to.equal(savesBefore + 1);
    expect(await info('aof_rewrite_in_progress')).to.equal(0);
    expect(existsSync(join(server.dir, 'dump.rdb'))).to.equal(true);
    await redis.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
  });

  it('says off with persistence off, and unknown where CONFIG is refused (a managed Redis)', async () => {
    await redis.call('CONFIG', 'SET', 'appendonly', 'no');
    await redis.call('CONFIG', 'SET', 'save', '');
    expect(await rewriteRedisPersistence(redis)).to.deep.equal({ aof: 'off', rdb: 'off' });
    await redis.call('CONFIG', 'SET', 'appendonly', 'yes');

    await redis.call('ACL', 'SETUSER', 'app', 'on', '>app-password', '~*', '&*', '+@all', '-config');
    const limited = createRedisConnection(server.url, 'producer', { username: 'app', password: 'app-password' });
    try {
      await redisReady(limited);
      expect(await rewriteRedisPersistence(limited)).to.deep.equal({ aof: 'unknown', rdb: 'unknown' });
    } finally {
      limited.disconnect();
    }
  });

  it('fails loudly when a rewrite outlasts its time', async () => {
    await redis.call('CONFIG', 'SET', 'rdb-key-save-delay', '100000');
    try {
      const failure = await rewriteRedisPersistence(redis, { pollMs: 20, timeoutMs: 200 }).catch((e: Error) => e);
      expect(failure).to.be.instanceOf(Error);
      expect((failure as Error).message).to.match(/AOF rewrite did not finish in time/);
    } finally {
      // Turning AOF off kills the slow rewrite's child; on again, it rewrites at full speed.
      await redis.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
      await redis.call('CONFIG', 'SET', 'appendonly', 'no');
      await redis.call('CONFIG', 'SET', 'appendonly', 'yes');
      while ((await info('aof_rewrite_in_progress')) === 1) await new Promise((r) => setTimeout(r, 50));
    }
  });
});
