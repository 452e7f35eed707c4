import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { UnrecoverableError, Worker } from 'bullmq';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import { PersonalDataMatcher } from '@carrot-bridge/domain';
import { ChatImportProducer, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  PrivateRedisServer,
  seedAccountCatalog,
  startApps,
  waitFor,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

// Issue #25's «Done when»: after an erasure of a phone (POST .../personal-data/erasures on the real
// console process), a pg_dump of the whole database and a dump of every Redis key hold neither that
// phone in any spelling, nor the person's e-mail, name or message texts; another visitor is intact; the
// report does not change; a re-import by the real worker process brings nothing back. Redis is a server
// of this test's own, so "every key" means every key.

const CONSOLE_PASSWORD = 'erasure-e2e-password';
const AUTH = `Basic ${Buffer.from(`admin:${CONSOLE_PASSWORD}`).toString('base64')}`;
const run = promisify(execFile);

const A = {
  conversationId: '8801',
  userId: '6601',
  name: 'Анастасия Волкова',
  phone: '+79161234567',
  email: 'a.volkova@example.ru',
  texts: [
    [
      'Здравствуйте, хочу заказать кухню «Рябина»',
      'Добрый день! Оставьте телефон',
      'Мой номер 8 (916) 123-45-67',
      'Спасибо, перезвоним завтра',
    ],
    ['Кухня «Рябина» ещё в наличии? Пишите на a.volkova@example.ru', 'Да, «Рябина» в наличии'],
  ],
};
const B = {
  conversationId: '8802',
  userId: '6602',
  name: 'Борис Кузнецов',
  phone: '+79031112233',
  email: 'b.kuznetsov@example.ru',
  texts: ['Есть ли доставка в Тверь?', 'Да, доставляем в Тверь'],
};
/**
 * A's phone as people write it, listed by hand (independent of the code under test): every one must go.
 * «8-916-123-45-67» and «8(916)1234567» are planted in Redis below, in texts about another conversation.
 */
const A_PHONE_WRITTEN = [
  '+7 916 123-45-67',
  '8 (916) 123-45-67',
  '8-916-123-45-67',
  '8(916)1234567',
  '+79161234567',
  '79161234567',
  '89161234567',
  '9161234567',
];
/** Everything of A that must be gone from both stores. */
const A_DATA = [...A_PHONE_WRITTEN, A.email, A.name, ...A.texts.flat()];
/** The same, for any spelling of the phone: what the erasure itself looks for. */
const A_MATCHER = new PersonalDataMatcher({ phones: [A.phone], texts: [A.email, A.name, ...A.texts.flat()] });

/** The whole database's rows as pg_dump writes them. */
async function pgDump(url: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--data-only', '--no-owner', url], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** Every key of the Redis server and every value in it, read by its type: one text per key, by key. */
async function redisDump(url: string): Promise<Map<string, string>> {
  const redis = createRedisConnection(url, 'producer');
  const out = new Map<string, string>();
  try {
    await redisReady(redis);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scanBuffer(cursor, 'COUNT', 1000);
      cursor = String(next);
      for (const key of keys) {
        const type = await redis.type(key);
        const values: Buffer[] =
          type === 'string'
            ? [(await redis.getBuffer(key)) ?? Buffer.alloc(0)]
            : type === 'list'
              ? await redis.lrangeBuffer(key, 0, -1)
              : type === 'hash'
                ? Object.entries(await redis.hgetallBuffer(key)).flatMap(([field, value]) => [
                    Buffer.from(field),
                    value,
                  ])
                : type === 'set'
                  ? await redis.smembersBuffer(key)
                  : type === 'zset'
                    ? await redis.zrangeBuffer(key, 0, -1)
                    : type === 'stream'
                      ? (await redis.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields])
                      : [Buffer.from(`<${type}>`)];
        out.set(key.toString('utf8'), [key, ...values].map((value) => value.toString('utf8')).join('\n'));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return out;
}

/** The Redis keys whose values the matcher finds A in. */
function matchedKeys(dump: Map<string, string>, matcher: PersonalDataMatcher): string[] {
  return [...dump].filter(([, text]) => matcher.matches(text)).map(([key]) => key);
}

/** Which of `values` the dump holds; for Redis, each with the key it is in. */
function found(dump: string | Map<string, string>, values: readonly string[]): string[] {
  if (typeof dump === 'string') return values.filter((value) => dump.includes(value));
  return [...dump].flatMap(([key, text]) =>
    values.filter((value) => text.includes(value)).map((v) => `${v} in ${key}`),
  );
}

describe('erasure of a phone leaves no trace in PostgreSQL or Redis (real console and worker processes)', function () {
  this.timeout(180_000);
  const fake = new FakeCarrotQuest();
  const redisServer = new PrivateRedisServer();
  const secretsKey = randomBytes(32).toString('base64');
  const apiKey = `app.4821.${randomUUID()}`;
  const accountId = randomUUID();
  const integrationId = randomUUID();
  const prefix = `pd-${randomUUID().slice(0, 8)}`;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const reportPath = `/api/accounts/${accountId}/reports/chats-per-day?from=${day(-2)}&to=${day(1)}&dimension=channel&timeZone=UTC`;
  let t: TestDatabase;
  let apps: AppProcess[] = [];
  let consoleUrl = '';
  let producer: ChatImportProducer;
  let redis: ReturnType<typeof createRedisConnection>;

  const consoleApi = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${consoleUrl}${path}`, {
      method,
      headers: { authorization: AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const enqueueImport = (conversationId: string, userId: string, eventId: string) =>
    producer.enqueue({
      integrationId,
      conversationId,
      carrotUserId: userId,
      eventId,
      receivedAt: new Date().toISOString(),
    });
  const completedImport = (eventId: string) =>
    waitFor(
      `the import ${eventId} to complete`,
      async () => (await producer.queue.getJobs(['completed'])).find((job) => job.data.eventId === eventId),
      60_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${apps.map((a) => `--- ${a.name}\n${a.log()}`).join('\n')}`);
    });
  const chatsOf = (conversationId: string) =>
    t.db.chat.findMany({
      where: { integrationId, conversationId },
      include: { messages: { orderBy: { partId: 'asc' } } },
      orderBy: { startedAt: 'asc' },
    });

  before(async () => {
    await redisServer.start();
    redis = createRedisConnection(redisServer.url, 'producer');
    await redisReady(redis);
    producer = new ChatImportProducer(redis, { prefix });
    t = await createTestDatabase('erasure_e2e');
    await fake.start();
    fake.addApp(apiKey);
    const now = Math.floor(Date.now() / 1000);
    fake.addChat(apiKey, {
      conversationId: A.conversationId,
      userId: A.userId,
      name: A.name,
      phone: '+7 916 123-45-67',
      email: A.email,
      questions: [
        { startedAt: now - 7200, texts: A.texts[0]! },
        { startedAt: now - 3600, texts: A.texts[1]! },
      ],
    });
    fake.addChat(apiKey, { ...B, createdAt: now - 5400 });
    const catalog = await seedAccountCatalog(t.db, { id: accountId, name: 'Erasure' });
    const { data } = integrationRow(
      new SecretBox(secretsKey),
      { id: integrationId, accountId, apiKey },
      { name: 'Erasure', ...catalog.sourceTrafficDefaults() },
    );
    await t.db.carrotQuestIntegration.create({ data });

    // Failed imports whose reasons quote A's phone, failed before the worker runs (a manual BullMQ
    // worker): one of A's conversation, one of another conversation where A left the phone.
    await enqueueImport(A.conversationId, A.userId, 'failed-before');
    await enqueueImport('8899', '6699', 'failed-other');
    const manual = new Worker(producer.queue.name, null, {
      connection: createRedisConnection(redisServer.url, 'worker'),
      prefix,
    });
    for (const reason of [
      `CarrotQuest refused user with phone 8 (916) 123-45-67`,
      `Data API refused phone 8(916)1234567`,
    ]) {
      const job = await manual.getNextJob('manual-token');
      await job!.moveToFailed(new UnrecoverableError(reason), 'manual-token');
    }
    await manual.close();
    expect(await producer.queue.getFailedCount()).to.equal(2);
    // A webhook about another conversation whose visitor wrote A's phone in their own spelling.
    await new DeliveryLog(redis, prefix).record(
      integrationId,
      {
        at: new Date().toISOString(),
        httpStatus: 200,
        status: 'queued',
        kind: 'event',
        eventName: '$conversation_started',
        conversationId: '8803',
        problem: null,
      },
      {
        body: 'form',
        contentType: 'application/x-www-form-urlencoded',
        understood: { encoding: 'form', fields: { conversation_id: '8803', note: 'звоните 8-916-123-45-67' } },
      },
    );
    // A webhook about A in the delivery log, its body naming the conversation, the user and the phone.
    await new DeliveryLog(redis, prefix).record(
      integrationId,
      {
        at: new Date().toISOString(),
        httpStatus: 200,
        status: 'queued',
        kind: 'event',
        eventName: '$conversation_part_group_closed',
        conversationId: A.conversationId,
        problem: null,
      },
      {
        body: 'form',
        contentType: 'application/x-www-form-urlencoded',
        understood: {
          encoding: 'form',
          fields: {
            user_id: A.userId,
            event: `{"props":{"$conversation_id":${A.conversationId},"$phone":"${A.phone}"}}`,
          },
        },
      },
    );

    const common = { REDIS_URL: redisServer.url, DATABASE_URL: t.url, SECRETS_KEY: secretsKey, QUEUE_PREFIX: prefix };
    apps = await startApps([
      { name: 'console', env: { ...common, CONSOLE_PASSWORD } },
      { name: 'worker', env: { ...common, CARROTQUEST_API_BASE_URL: fake.baseUrl, CATCH_UP_INTERVAL_MS: '0' } },
    ]);
    consoleUrl = apps[0]!.url;
    await enqueueImport(A.conversationId, A.userId, 'a-first');
    await enqueueImport(B.conversationId, B.userId, 'b-first');
    await completedImport('a-first');
    await completedImport('b-first');
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await producer?.close();
    redis?.disconnect();
    await redisServer.stop();
    await fake.stop();
    await t?.drop();
  });

  it('erases A everywhere, keeps B and the report, and a re-import brings nothing back', async () => {
    const [a1, a2] = await chatsOf(A.conversationId);
    expect(a1, 'A imported with contacts').to.include({
      contactName: A.name,
      contactPhone: A.phone,
      contactEmail: A.email,
    });
    expect(a2).to.include({ contactPhone: A.phone });
    expect(found(await pgDump(t.url), A_DATA), 'A is in PostgreSQL before').to.include.members([
      A.name,
      A.email,
      ...A.texts[0]!,
    ]);
    const inRedis = found(await redisDump(redisServer.url), A_DATA);
    expect(inRedis, 'A is in Redis before').to.include.members([
      `${A.phone} in ${prefix}:deliveries:bodies:${integrationId}`,
      `8 (916) 123-45-67 in ${prefix}:chat-import:events`,
    ]);
    expect(inRedis, 'the spellings planted in Redis').to.include.members([
      `8-916-123-45-67 in ${prefix}:deliveries:bodies:${integrationId}`,
      `8(916)1234567 in ${prefix}:chat-import:cq-${integrationId}-failed-other`,
    ]);
    expect(inRedis.filter((f) => f.startsWith(`8 (916) 123-45-67 in ${prefix}:chat-import:cq-`))).to.have.length(1);
    expect(matchedKeys(await redisDump(redisServer.url), A_MATCHER), 'the matcher finds them too').to.include.members([
      `${prefix}:deliveries:bodies:${integrationId}`,
      `${prefix}:chat-import:cq-${integrationId}-failed-before`,
      `${prefix}:chat-import:cq-${integrationId}-failed-other`,
      `${prefix}:chat-import:events`,
    ]);
    expect(A_MATCHER.matches(await pgDump(t.url)), 'the matcher finds A in PostgreSQL').to.equal(true);
    const report = await consoleApi('GET', reportPath);
    expect(report.status).to.equal(200);
    expect(report.body.totals.total).to.equal(3);

    const erasure = await consoleApi('POST', `/api/accounts/${accountId}/personal-data/erasures`, {
      phone: '+7 (916) 123 45 67',
    });
    expect(erasure.status, JSON.stringify(erasure.body)).to.equal(201);
    const counts = erasure.body.counts;
    expect(counts).to.include({ chats: 2, messages: 6, compaction: 'requested' });
    expect(counts.deliveryLogEntries, 'delivery log entries').to.be.at.least(1);
    expect(counts.deliveryLogBodies, 'delivery log bodies').to.be.at.least(1);
    expect(counts.jobsRemoved, 'the failed and the completed import of A').to.be.at.least(2);
    expect(counts.jobEventsRemoved, "the failed import's event").to.be.at.least(1);

    const pgAfter = await pgDump(t.url);
    const redisAfter = await redisDump(redisServer.url);
    expect(found(pgAfter, A_DATA), 'A in pg_dump after the erasure').to.deep.equal([]);
    expect(found(redisAfter, A_DATA), 'A in the Redis dump after the erasure').to.deep.equal([]);
    expect(A_MATCHER.matches(pgAfter), 'the matcher finds A in pg_dump after the erasure').to.equal(false);
    expect(matchedKeys(redisAfter, A_MATCHER), 'the matcher finds A in Redis after the erasure').to.deep.equal([]);
    const [b] = await chatsOf(B.conversationId);
    expect(b).to.include({
      contactName: B.name,
      contactPhone: B.phone,
      contactEmail: B.email,
      firstVisitorMessage: B.texts[0],
    });
    expect(b!.messages.map((m) => m.text)).to.deep.equal(B.texts);
    expect((await consoleApi('GET', reportPath)).body).to.deep.equal(report.body);

    // A writes again in their last question (it started before the erasure) and the worker imports the
    // conversation again: the question is rewritten, and stays as the erasure left it.
    const later = 'Номер тот же, +7 916 123-45-67, жду звонка';
    fake.updateConversation(apiKey, A.conversationId, { lastUpdate: Math.floor(Date.now() / 1000), newTexts: [later] });
    await enqueueImport(A.conversationId, A.userId, 'a-after-erasure');
    await completedImport('a-after-erasure');
    for (const chat of await chatsOf(A.conversationId)) {
      expect(chat, `question ${chat.questionId}`).to.include({
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        firstVisitorMessage: null,
        personalDataErasure: 'request',
      });
      expect(chat.messages.map((m) => m.text)).to.deep.equal(chat.messages.map(() => null));
    }
    const reimported = await chatsOf(A.conversationId);
    expect(reimported).to.have.length(2);
    expect(reimported[1]!.messages, 'the new message is stored, without its text').to.have.length(
      A.texts[1]!.length + 1,
    );
    const pgReimported = await pgDump(t.url);
    const redisReimported = await redisDump(redisServer.url);
    expect(found(pgReimported, [...A_DATA, later]), 'A in pg_dump after the re-import').to.deep.equal([]);
    expect(found(redisReimported, [...A_DATA, later]), 'A in Redis after the re-import').to.deep.equal([]);
    expect(A_MATCHER.matches(pgReimported), 'the matcher finds A in pg_dump after the re-import').to.equal(false);
    expect(matchedKeys(redisReimported, A_MATCHER), 'the matcher finds A in Redis after the re-import').to.deep.equal(
      [],
    );
    expect((await consoleApi('GET', reportPath)).body).to.deep.equal(report.body);
  });
});
