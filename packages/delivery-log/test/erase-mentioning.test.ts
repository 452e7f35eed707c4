import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { PersonalDataMatcher } from '@carrot-bridge/domain';
import { requireEnv } from '@carrot-bridge/test-support';
import { DeliveryLog, type DeliveryRecord } from '../src/delivery-log';

// Whole seconds: a timestamp's milliseconds must not read as a standalone «123».
const recently = () => new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();

const entry = (conversationId: string, at = recently()): DeliveryRecord => ({
  at,
  httpStatus: 200,
  status: 'queued',
  kind: 'event',
  eventName: '$conversation_part_group_closed',
  conversationId,
  problem: null,
});

/** A delivery with a body as the ingress understood it (JSON fields). */
const body = (fields: Record<string, unknown>) => ({
  body: JSON.stringify(fields),
  contentType: 'application/json',
  understood: { encoding: 'json' as const, fields },
});

/** Пётр: his phone (E.164), his conversation 123 and his name. */
const person = new PersonalDataMatcher({ phones: ['+79161234567'], texts: ['123', 'Пётр'] });
const nobody = new PersonalDataMatcher({ phones: [], texts: [] });

describe('DeliveryLog.eraseMentioning (real Redis)', function () {
  this.timeout(20_000);
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  before(() => redisReady(redis));
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('removes the entries and bodies that mention a needle, in the integrations named, and keeps the rest', async () => {
    const log = new DeliveryLog(redis, prefix);
    const [mine, another, untouched] = [randomUUID(), randomUUID(), randomUUID()];
    // Пётр's conversation 123 (phone in the body), an unrelated conversation 91234 (contains «123»),
    // Ольга's conversation 555 with her e-mail, and the same phone in an integration not named.
    await log.record(mine, entry('123'), body({ conversation: '123', phone: '+7 916 123-45-67', name: 'Пётр' }));
    await log.record(mine, entry('91234'), body({ conversation: '91234', text: 'Доставка в пятницу' }));
    await log.record(mine, entry('555'), body({ conversation: '555', email: 'olga@example.ru' }));
    await log.record(another, entry('777'), body({ conversation: '777', text: 'Пётр спрашивал о доставке' }));
    await log.record(mine, entry('556'), body({ conversation: '556', text: 'Звоните: 8(916)1234567' }));
    await log.record(untouched, entry('123'), body({ conversation: '123', phone: '+7 916 123-45-67' }));
    const ttlBefore = await redis.ttl(`${prefix}:deliveries:entries:${mine}`);

    const erased = await log.eraseMentioning([mine, another, mine], person);
    // The entries name conversations only: 123 goes, 556 (its body quotes the phone) stays as an entry.
    expect(erased).to.deep.equal({ entries: 1, bodies: 3 });

    const left = await log.read(mine);
    expect(left.deliveries.map((d) => d.conversationId)).to.deep.equal(['556', '555', '91234']);
    expect(left.bodies.map((b) => JSON.parse(b.body).conversation)).to.deep.equal(['555', '91234']);
    expect((await log.read(another)).deliveries).to.have.length(1);
    expect((await log.read(another)).bodies).to.deep.equal([]);
    const notNamed = await log.read(untouched);
    expect([notNamed.deliveries.length, notNamed.bodies.length]).to.deep.equal([1, 1]);
    expect(await redis.ttl(`${prefix}:deliveries:entries:${mine}`)).to.be.within(ttlBefore - 5, ttlBefore);

    expect(await log.eraseMentioning([mine], person)).to.deep.equal({ entries: 0, bodies: 0 });
    expect(await log.eraseMentioning([mine], nobody)).to.deep.equal({ entries: 0, bodies: 0 });
    expect((await log.read(mine)).deliveries).to.have.length(3);
  });

  it('removes by value: a delivery pushed between the read and the removal survives, the matched one goes', async () => {
    const integration = randomUUID();
    const entriesKey = `${prefix}:deliveries:entries:${integration}`;
    // The ingress pushes a delivery right after the erasure read the list (the race LREM must survive).
    const racing = new Proxy(redis, {
      get(target, property, receiver) {
        if (property !== 'lrange') return Reflect.get(target, property, receiver);
        return async (key: string, start: number, stop: number) => {
          const read = await target.lrange(key, start, stop);
          if (key === entriesKey) await target.lpush(key, JSON.stringify(entry('4242')));
          return read;
        };
      },
    }) as Redis;
    const log = new DeliveryLog(racing, prefix);
    await log.record(integration, entry('1001'));
    await log.record(integration, entry('2002'));

    const conversation = new PersonalDataMatcher({ phones: [], texts: ['1001'] });
    expect(await log.eraseMentioning([integration], conversation)).to.deep.equal({ entries: 1, bodies: 0 });
    expect((await log.read(integration)).deliveries.map((d) => d.conversationId)).to.deep.equal(['4242', '2002']);
  });
});
