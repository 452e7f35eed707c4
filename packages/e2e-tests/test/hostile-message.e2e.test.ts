import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { ChatImportProducer, createRedisConnection } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startApp,
  waitFor,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

/** The worker's largest event-loop delay since the last scrape (prom-client resets it on each). */
async function eventLoopLagMaxSeconds(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('carrot_bridge_worker_nodejs_eventloop_lag_max_seconds'));
  expect(line, 'the worker exports its event-loop delay').to.be.a('string');
  return Number(line!.split(' ').pop());
}

// Issue #20 A: a visitor's message is text a stranger chooses. A megabyte of it must be stored whole
// and must not block the worker's event loop (every other customer's chats, /metrics and BullMQ's lock
// renewal share it). Real worker process, real Redis and PostgreSQL, CarrotQuest faked over HTTP.
describe('a megabyte visitor message (real worker process)', function () {
  this.timeout(120_000);
  const fake = new FakeCarrotQuest();
  const secretsKey = randomBytes(32).toString('base64');
  const apiKey = `app.4821.${randomUUID()}`;
  const accountId = randomUUID();
  const integrationId = randomUUID();
  const prefix = `hostile-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const producer = new ChatImportProducer(redis, {
    prefix,
    retryPolicy: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 },
  });
  const MEGABYTE = 1024 * 1024;
  // The shapes that were super-linear (a run of address characters without an @; separators and
  // digits for the phone matcher), each a megabyte, with a real phone and email at the start of one.
  const texts: Record<string, string> = {
    '910000001': 'x'.repeat(MEGABYTE),
    '910000002': '(1'.repeat(MEGABYTE / 2),
    '910000003': `Перезвоните: 8 912 345 67 89, почта ira@shop.example.ru ${'a.'.repeat(MEGABYTE / 2)}`,
  };
  let t: TestDatabase;
  let worker: AppProcess;
  let metricsUrl = '';

  before(async () => {
    t = await createTestDatabase('hostile-message');
    await fake.start();
    fake.addApp(apiKey);
    for (const [conversationId, text] of Object.entries(texts)) {
      fake.addChat(apiKey, { conversationId, userId: `7${conversationId}`, texts: [text, 'Ответ оператора'] });
    }
    const catalog = await seedAccountCatalog(t.db, { id: accountId, name: 'Hostile' });
    const { data } = integrationRow(
      new SecretBox(secretsKey),
      { id: integrationId, accountId, apiKey },
      { name: 'Hostile', ...catalog.sourceTrafficDefaults() },
    );
    await t.db.carrotQuestIntegration.create({ data });
    worker = await startApp('worker', {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: secretsKey,
      QUEUE_PREFIX: prefix,
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
      CATCH_UP_INTERVAL_MS: '0',
    });
    metricsUrl = worker.url;
  });

  after(async () => {
    await worker?.stop();
    await producer.queue.obliterate({ force: true }).catch(() => undefined);
    await producer.close();
    redis.disconnect();
    await fake.stop();
    await t?.drop();
  });

  it('stores each message whole, finds the contact written before the filler, and keeps the event loop under 300 ms', async () => {
    await eventLoopLagMaxSeconds(metricsUrl);
    for (const conversationId of Object.keys(texts)) {
      expect(
        await producer.enqueue({
          integrationId,
          conversationId,
          carrotUserId: `7${conversationId}`,
          eventId: `hostile-${conversationId}`,
          receivedAt: new Date().toISOString(),
        }),
      ).to.equal('queued');
    }
    const chats = await waitFor(
      'the three chats',
      async () => {
        const rows = await t.db.chat.findMany({ where: { integrationId }, include: { messages: true } });
        return rows.length === 3 ? rows : undefined;
      },
      90_000,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${worker.log()}`);
    });
    const lagMax = await eventLoopLagMaxSeconds(metricsUrl);
    for (const chat of chats) {
      const visitorMessage = chat.messages.find((m) => (m.text?.length ?? 0) > 1000);
      expect(visitorMessage?.text, `conversation ${chat.conversationId}`).to.equal(texts[chat.conversationId]);
    }
    expect(chats.find((c) => c.conversationId === '910000003')).to.include({
      contactPhone: '+79123456789',
      contactEmail: 'ira@shop.example.ru',
    });
    expect(lagMax, 'the worker event loop delay while importing, seconds').to.be.below(0.3);
  });
});
