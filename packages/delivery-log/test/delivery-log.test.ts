import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { requireEnv } from '@carrot-bridge/test-support';
import { BufferedDeliveryLog } from '../src/buffered-delivery-log';
import { DeliveryLog, type DeliveryRecord } from '../src/delivery-log';
import { REDACTED } from '../src/redact-delivery-body';

const entry = (over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  at: new Date().toISOString(),
  httpStatus: 200,
  status: 'queued',
  kind: 'event',
  eventName: '$conversation_part_group_closed',
  conversationId: '27364519',
  problem: null,
  ...over,
});

const formOf = (text: string) => ({ encoding: 'form' as const, fields: Object.fromEntries(new URLSearchParams(text)) });

describe('DeliveryLog (real Redis)', () => {
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  before(() => redisReady(redis));
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps the newest 100 deliveries and 20 bodies per integration, each body at most 16 KiB', async () => {
    const log = new DeliveryLog(redis, prefix);
    const integration = randomUUID();
    for (let i = 0; i < 130; i += 1) {
      const body = `type=event&n=${i}&pad=${'x'.repeat(i === 129 ? 40_000 : 10)}`;
      await log.record(integration, entry({ conversationId: String(i) }), {
        body,
        contentType: 'application/x-www-form-urlencoded',
        understood: formOf(body),
      });
    }
    const { deliveries, bodies } = await log.read(integration);
    expect(deliveries).to.have.length(100);
    expect(deliveries[0]!.conversationId).to.equal('129');
    expect(bodies).to.have.length(20);
    expect(Buffer.byteLength(bodies[0]!.body)).to.be.at.most(16 * 1024);
    expect(bodies[0]!.truncated).to.equal(true);
    expect(JSON.parse(bodies[1]!.body)).to.deep.include({ n: '128' });
    expect(bodies[1]).to.deep.include({ encoding: 'form', sha256: null });
    expect(await redis.ttl(`${prefix}:deliveries:bodies:${integration}`)).to.be.within(1, 7 * 24 * 3600);
    expect(await log.read(randomUUID())).to.deep.equal({
      deliveries: [],
      bodies: [],
      unauthenticated: { count: 0, lastAt: null, byAnswer: {} },
    });
  });

  it('keeps an understood body as its redacted fields (UTF-8 intact), and of a body not understood only its size and SHA-256', async () => {
    const log = new DeliveryLog(redis, prefix);
    const buffered = new BufferedDeliveryLog(log, { flushEveryMs: 60_000, keepEntries: 100, keepBodies: 20 });
    const integration = randomUUID();
    const text = `type=event&token=secret-bytes&text=${encodeURIComponent('Здравствуйте')}`;
    await buffered.record(integration, entry(), {
      body: Buffer.from(text),
      contentType: 'application/x-www-form-urlencoded',
      understood: formOf(text),
    });
    const unreadable = Buffer.from('type=event&token=secret-bytes-2');
    await buffered.record(integration, entry({ at: new Date(Date.now() + 1).toISOString() }), {
      body: unreadable,
      contentType: 'application/json',
    });
    await buffered.close();
    const [notUnderstood, understood] = (await log.read(integration)).bodies;
    expect(understood).to.deep.include({ encoding: 'form', sha256: null, bytes: text.length });
    // Each body says its delivery's kind and conversation: ten bodies are told apart without their entries.
    expect(notUnderstood).to.deep.include({ kind: 'event', conversationId: '27364519' });
    expect(JSON.parse(understood!.body)).to.deep.equal({ type: 'event', token: REDACTED, text: 'Здравствуйте' });
    expect(notUnderstood).to.deep.include({
      encoding: 'unparsed',
      body: '',
      bytes: unreadable.length,
      sha256: createHash('sha256').update(unreadable).digest('hex'),
    });
    expect(JSON.stringify(await redis.lrange(`${prefix}:deliveries:bodies:${integration}`, 0, -1))).not.to.contain(
      'secret-bytes',
    );
  });

  it('counts unauthenticated deliveries without listing them: a flood of them leaves the real entries in place', async () => {
    const log = new DeliveryLog(redis, prefix);
    const buffered = new BufferedDeliveryLog(log, { flushEveryMs: 60_000, keepEntries: 100, keepBodies: 20 });
    const integration = randomUUID();
    await buffered.record(integration, entry({ conversationId: 'real' }));
    for (let i = 0; i < 500; i += 1)
      await buffered.countUnauthenticated(
        integration,
        i % 5 === 0 ? 'rate_limited' : 'invalid_token',
        new Date().toISOString(),
      );
    await buffered.close();
    const read = await log.read(integration);
    expect(read.deliveries.map((d) => d.conversationId)).to.deep.equal(['real']);
    expect(read.unauthenticated).to.deep.include({ count: 500, byAnswer: { invalid_token: 400, rate_limited: 100 } });
    expect(read.unauthenticated.lastAt).to.be.a('string');
  });

  it('does not show a body older than 7 days', async () => {
    const log = new DeliveryLog(redis, prefix);
    const integration = randomUUID();
    await log.record(integration, entry({ at: new Date(Date.now() - 8 * 86_400_000).toISOString() }), {
      body: 'type=event',
      contentType: null,
      understood: formOf('type=event'),
    });
    expect((await log.read(integration)).bodies).to.have.length(0);
    expect((await log.read(integration)).deliveries).to.have.length(1);
  });

  it('buffered: many deliveries in one flush keep the newest 100 and 20 bodies, newest first, redacted, in one round trip', async () => {
    const log = new DeliveryLog(redis, prefix);
    const calls: number[] = [];
    const buffered = new BufferedDeliveryLog(
      { recordMany: (batch) => (calls.push(batch.size), log.recordMany(batch)) },
      { flushEveryMs: 60_000, keepEntries: 100, keepBodies: 20 },
    );
    const [one, two] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 150; i += 1) {
      const body = `type=event&token=secret-${i}&n=${i}`;
      await buffered.record(one, entry({ conversationId: String(i) }), {
        body,
        contentType: 'application/x-www-form-urlencoded',
        understood: formOf(body),
      });
    }
    await buffered.record(two, entry({ conversationId: 'other' }));
    expect((await log.read(one)).deliveries).to.have.length(0);
    await buffered.close();
    expect(calls).to.deep.equal([2]);
    const read = await log.read(one);
    expect(read.deliveries.map((d) => d.conversationId).slice(0, 2)).to.deep.equal(['149', '148']);
    expect(read.deliveries).to.have.length(100);
    expect(read.bodies).to.have.length(20);
    expect(JSON.parse(read.bodies[0]!.body)).to.deep.include({ n: '149', token: REDACTED });
    expect(read.bodies[0]!.body).not.to.contain('secret-149');
    expect((await log.read(two)).deliveries.map((d) => d.conversationId)).to.deep.equal(['other']);
  });
});
