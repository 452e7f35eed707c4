import { expect } from 'chai';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { chatImportJobId, redisReady } from '@carrot-bridge/queue';
import { generateWebhookKey } from '@carrot-bridge/secrets';
import { PrivateRedisServer, requireEnv } from '@carrot-bridge/test-support';
import { FIXTURE_TOKEN, formWith, post, publish, startIngress, type Stack } from './ingress-harness';

describe('POST /webhooks/carrotquest/:webhookKey (real Redis)', function () {
  this.timeout(20_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'));
  });
  after(() => stack.close());

  const jobs = async (integrationId: string) =>
    (await stack.producer.queue.getJobs(['waiting', 'delayed', 'active'])).filter(
      (j) => j.data.integrationId === integrationId,
    );

  it('queues the fixture webhook with the minimum job data and answers at once', async () => {
    const { key, integrationId } = await publish(stack);
    const result = await post(stack, key, loadWebhookBody());
    expect(result).to.deep.include({ status: 200, body: { status: 'queued', eventId: '9182736450' } });
    const job = await stack.producer.queue.getJob(chatImportJobId({ integrationId, eventId: '9182736450' }));
    expect(job?.data).to.deep.include({
      integrationId,
      conversationId: '27364519',
      carrotUserId: '1038472615',
      eventId: '9182736450',
    });
    expect(Object.keys(job!.data).sort()).to.deep.equal([
      'carrotUserId',
      'conversationId',
      'eventId',
      'integrationId',
      'receivedAt',
    ]);
  });

  it('answers duplicate for a redelivery and keeps one job', async () => {
    const { key, integrationId } = await publish(stack);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(stack, key, loadWebhookBody())).body.status);
    expect(statuses).to.deep.equal(['queued', 'duplicate', 'duplicate']);
    expect(await jobs(integrationId)).to.have.length(1);
  });

  it('under concurrent deliveries answers each 200 only once its job is in Redis, and one job per event id', async () => {
    const { key, integrationId } = await publish(stack);
    const events = Array.from({ length: 30 }, (_, i) => String(5_000_000 + (i % 10)));
    const answered = await Promise.all(
      events.map(async (eventId) => {
        const result = await post(stack, key, formWith({ event_id: eventId }));
        return {
          eventId,
          status: result.body.status,
          job: await stack.producer.queue.getJob(chatImportJobId({ integrationId, eventId })),
        };
      }),
    );
    for (const a of answered)
      expect(a.job?.data.eventId, `job of ${a.eventId} when answered ${a.status}`).to.equal(a.eventId);
    for (let i = 0; i < 10; i += 1)
      expect(answered.filter((a) => a.eventId === events[i] && a.status === 'queued')).to.have.length(1);
    expect(await jobs(integrationId)).to.have.length(10);
  });

  it('accepts the same fields as JSON', async () => {
    const { key } = await publish(stack);
    const body = Object.fromEntries(new URLSearchParams(loadWebhookBody()));
    expect((await post(stack, key, JSON.stringify(body), 'application/json')).body.status).to.equal('queued');
  });

  it('answers 404 to an unknown or malformed key and queues nothing', async () => {
    const before = await stack.producer.queue.count();
    const unknown = await post(stack, generateWebhookKey(), loadWebhookBody());
    expect(unknown).to.deep.include({ status: 404 });
    expect(unknown.body.status).to.equal('unknown_webhook_key');
    expect((await post(stack, 'short', loadWebhookBody())).status).to.equal(404);
    expect((await post(stack, `${generateWebhookKey()}%2F..`, loadWebhookBody())).status).to.equal(404);
    expect(await stack.producer.queue.count(), 'jobs in the queue').to.equal(before);
  });

  it('answers 401 when the configured token differs or is missing, and queues nothing', async () => {
    const { key, integrationId } = await publish(stack, { token: 'another-token' });
    expect((await post(stack, key, loadWebhookBody())).status).to.equal(401);
    expect((await post(stack, key, formWith({ token: null }))).status).to.equal(401);
    expect(await jobs(integrationId)).to.have.length(0);
    const { key: good } = await publish(stack, { token: FIXTURE_TOKEN });
    expect((await post(stack, good, loadWebhookBody())).body.status).to.equal('queued');
  });

  const invalid: Array<[string, Record<string, string | null>, RegExp]> = [
    ['an event field that is not JSON', { event: '{"id": 1, "props": {' }, /"event" is not valid JSON/],
    [
      'no conversation id',
      { event: '{"id": 1, "props": {}}' },
      /no conversation id in the delivery: searched event\.props\.\$conversation_id/,
    ],
    ['no event_name', { event_name: null }, /"event_name" is missing/],
    ['a garbled user field', { user: 'not json' }, /"user" is not valid JSON/],
    ['no type', { type: null }, /"type" is missing/],
  ];
  for (const [name, changes, message] of invalid) {
    it(`answers 400 naming the problem for ${name}`, async () => {
      const { key, integrationId } = await publish(stack);
      const result = await post(stack, key, formWith(changes));
      expect(result.status).to.equal(400);
      expect(result.body.status).to.equal('invalid_webhook');
      expect(result.body.message).to.match(message);
      expect(await jobs(integrationId)).to.have.length(0);
    });
  }

  it('answers 400 to a JSON body that does not parse', async () => {
    const { key } = await publish(stack);
    const result = await post(stack, key, '{"type": "event",', 'application/json');
    expect(result).to.deep.include({ status: 400 });
    expect(result.body.message).to.equal('The body is not valid JSON');
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const { key } = await publish(stack);
    const result = await post(stack, key, formWith({ padding: 'x'.repeat(70 * 1024) }));
    expect(result.status).to.equal(413);
    expect(result.body.status).to.equal('payload_too_large');
  });

  it('answers 415 to another content type', async () => {
    const { key } = await publish(stack);
    const result = await post(stack, key, loadWebhookBody(), 'text/plain');
    expect(result).to.deep.include({ status: 415 });
    expect(result.body.status).to.equal('unsupported_media_type');
  });

  it('answers 200 ignored to another event, a trigger-message webhook and a switched-off integration', async () => {
    const { key, integrationId } = await publish(stack);
    expect(
      (await post(stack, key, formWith({ event_name: '$page_view', event: '{"id": 2, "props": {}}' }))).body,
    ).to.deep.include({ status: 'ignored' });
    expect((await post(stack, key, 'type=message_webhook&message_id=5&sending_id=7')).body).to.deep.include({
      status: 'ignored',
    });
    const off = await publish(stack, { active: false });
    const result = await post(stack, off.key, loadWebhookBody());
    expect(result).to.deep.include({ status: 200, body: { status: 'ignored', reason: 'integration is switched off' } });
    expect(await jobs(integrationId)).to.have.length(0);
    expect(await jobs(off.integrationId)).to.have.length(0);
  });

  it('never logs the webhook key or the token', async () => {
    const { key } = await publish(stack, { token: FIXTURE_TOKEN });
    await post(stack, key, loadWebhookBody());
    const dump = JSON.stringify(stack.lines);
    expect(dump).not.to.contain(key);
    expect(dump).not.to.contain(FIXTURE_TOKEN);
    expect(stack.lines.some((l) => l.answer === 'queued' || l.answer === 'duplicate')).to.equal(true);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${stack.base}/healthz`)).status).to.equal(200);
    const ready = await fetch(`${stack.base}/readyz`);
    expect([ready.status, await ready.json()]).to.deep.equal([
      200,
      { status: 'ready', redis: 'up', directory: 'complete' },
    ]);
  });
});

describe('ingress rate limit per key', function () {
  this.timeout(20_000);
  it('answers 429 with Retry-After to a noisy key while another key still gets through', async () => {
    // A slow refill (one token per 10 s) keeps the test independent of how fast the machine is.
    const stack = await startIngress(requireEnv('REDIS_URL'), { burst: 3, perSecond: 0.1 });
    try {
      const noisy = await publish(stack);
      const quiet = await publish(stack);
      const statuses = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push((await post(stack, noisy.key, formWith({ event_id: String(100 + i) }))).status);
      expect(statuses.slice(0, 3)).to.deep.equal([200, 200, 200]);
      expect(statuses.slice(3)).to.deep.equal([429, 429]);
      const limited = await post(stack, noisy.key, loadWebhookBody());
      expect(limited.retryAfter).to.equal('1');
      expect((await post(stack, quiet.key, loadWebhookBody())).status).to.equal(200);
    } finally {
      await stack.close();
    }
  });
});

describe('ingress while Redis is down', function () {
  this.timeout(30_000);
  const redis = new PrivateRedisServer();
  let stack: Stack;
  before(async () => {
    await redis.start();
    stack = await startIngress(redis.url);
  });
  after(async () => {
    await stack?.close();
    await redis.stop();
  });

  it('answers 503 with Retry-After (never 200), and queues again once Redis is back', async () => {
    const { key, integrationId } = await publish(stack);
    await redis.stop();
    const down = await post(stack, key, loadWebhookBody());
    expect(down.status).to.equal(503);
    expect(down.body.status).to.equal('queue_unavailable');
    expect(down.retryAfter).to.equal('30');
    expect((await fetch(`${stack.base}/readyz`)).status).to.equal(503);

    await redis.start();
    await redisReady(stack.redis);
    let up = down;
    for (let i = 0; i < 40 && up.status !== 200; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      up = await post(stack, key, loadWebhookBody());
    }
    expect(up.body.status).to.equal('queued');
    expect(
      (await stack.producer.queue.getJobs(['waiting'])).filter((j) => j.data.integrationId === integrationId),
    ).to.have.length(1);
  });
});
