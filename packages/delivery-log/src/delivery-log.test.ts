import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { requireEnv } from '@carrot-bridge/test-support';
import { BufferedDeliveryLog } from './buffered-delivery-log';
import { DeliveryLog, type DeliveryRecord } from './delivery-log';
import { redactDeliveryBody, REDACTED } from './redact-delivery-body';

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

describe('redactDeliveryBody', () => {
  it('redacts the form token and key-like fields, also inside JSON fields, and keeps the rest byte for byte', () => {
    const body = 'type=event&token=6f1c2a9e-secret&event_id=9182736450&event=%7B%22id%22%3A12345678901234567890%2C%22props%22%3A%7B%22api_key%22%3A%22app.1.k%22%7D%7D';
    const redacted = redactDeliveryBody(body, 'application/x-www-form-urlencoded');
    expect(redacted).not.to.contain('6f1c2a9e-secret');
    expect(redacted).not.to.contain('app.1.k');
    const fields = Object.fromEntries(new URLSearchParams(redacted));
    expect(fields).to.deep.include({ type: 'event', token: REDACTED, event_id: '9182736450' });
    expect(fields.event).to.equal(`{"id":12345678901234567890,"props":{"api_key":"${REDACTED}"}}`);
  });

  it('redacts key-like keys of a JSON body on its text', () => {
    const redacted = redactDeliveryBody('{"type":"conversation","token":"t-123","conversation":{"id":1,"auth_token":"x"}}', 'application/json');
    expect(redacted).to.equal(`{"type":"conversation","token":"${REDACTED}","conversation":{"id":1,"auth_token":"${REDACTED}"}}`);
  });
});

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
    for (let i = 0; i < 130; i += 1) await log.record(integration, entry({ conversationId: String(i) }), { body: `type=event&n=${i}&pad=${'x'.repeat(i === 129 ? 40_000 : 10)}`, contentType: 'application/x-www-form-urlencoded' });
    const { deliveries, bodies } = await log.read(integration);
    expect(deliveries).to.have.length(100);
    expect(deliveries[0]!.conversationId).to.equal('129');
    expect(bodies).to.have.length(20);
    expect(Buffer.byteLength(bodies[0]!.body)).to.be.at.most(16 * 1024);
    expect(bodies[0]!.truncated).to.equal(true);
    expect(bodies[1]!.body).to.contain('n=128');
    expect(await redis.ttl(`${prefix}:deliveries:bodies:${integration}`)).to.be.within(1, 7 * 24 * 3600);
    expect(await log.read(randomUUID())).to.deep.equal({ deliveries: [], bodies: [] });
  });

  it('takes a body as received bytes, decoded as UTF-8 and redacted only when written', async () => {
    const log = new DeliveryLog(redis, prefix);
    const buffered = new BufferedDeliveryLog(log, { flushEveryMs: 60_000, keepEntries: 100, keepBodies: 20 });
    const integration = randomUUID();
    const body = Buffer.from(`type=event&token=secret-bytes&text=${encodeURIComponent('Здравствуйте')}&raw=Привет`, 'utf8');
    await buffered.record(integration, entry(), { body, contentType: 'application/x-www-form-urlencoded' });
    await buffered.close();
    const [stored] = (await log.read(integration)).bodies;
    expect(stored!.body).to.contain('raw=Привет').and.not.to.contain('secret-bytes');
    expect(new URLSearchParams(stored!.body).get('text')).to.equal('Здравствуйте');
  });

  it('does not show a body older than 7 days', async () => {
    const log = new DeliveryLog(redis, prefix);
    const integration = randomUUID();
    await log.record(integration, entry({ at: new Date(Date.now() - 8 * 86_400_000).toISOString() }), { body: 'type=event', contentType: null });
    expect((await log.read(integration)).bodies).to.have.length(0);
    expect((await log.read(integration)).deliveries).to.have.length(1);
  });

  it('buffered: many deliveries in one flush keep the newest 100 and 20 bodies, newest first, redacted, in one round trip', async () => {
    const log = new DeliveryLog(redis, prefix);
    const calls: number[] = [];
    const buffered = new BufferedDeliveryLog({ recordMany: (batch) => (calls.push(batch.size), log.recordMany(batch)) }, { flushEveryMs: 60_000, keepEntries: 100, keepBodies: 20 });
    const [one, two] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 150; i += 1) await buffered.record(one, entry({ conversationId: String(i) }), { body: `type=event&token=secret-${i}&n=${i}`, contentType: 'application/x-www-form-urlencoded' });
    await buffered.record(two, entry({ conversationId: 'other' }));
    expect((await log.read(one)).deliveries).to.have.length(0);
    await buffered.close();
    expect(calls).to.deep.equal([2]);
    const read = await log.read(one);
    expect(read.deliveries.map((d) => d.conversationId).slice(0, 2)).to.deep.equal(['149', '148']);
    expect(read.deliveries).to.have.length(100);
    expect(read.bodies).to.have.length(20);
    expect(read.bodies[0]!.body).to.contain('n=149').and.not.to.contain('secret-149');
    expect((await log.read(two)).deliveries.map((d) => d.conversationId)).to.deep.equal(['other']);
  });
});
