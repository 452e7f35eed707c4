import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { freePort, PrivateRedisServer, startApp, type AppProcess } from '@carrot-bridge/test-support';
import { createAttackedIntegration, startConsole, type ConsoleUnderAttack } from './attack-helpers';

const KEY = 'app.4821.ingress-attack-key';
const REQUEST_TIMEOUT_MS = 2_000;

/** Sends `head` on a raw socket, then trickles `trickle` one byte every `everyMs`; resolves with what came back and when. */
function slowClient(
  port: number,
  head: string,
  trickle = '',
  everyMs = 500,
): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]!);
    }, everyMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the slow connection was still open after 30 s; got: ${answer}`));
    }, 30_000).unref();
  });
}

// Issue #12, items 5, 6 and 7: real console and ingress processes over a private Redis (this suite
// flushes it), loopback only.
describe('attacks on the ingress (real processes, private Redis)', function () {
  const redisServer = new PrivateRedisServer();
  const fake = new FakeCarrotQuest();
  const secretsKey = randomBytes(32).toString('base64');
  const prefix = `ia-${randomUUID().slice(0, 8)}`;
  let target: ConsoleUnderAttack;
  let ingress: AppProcess;
  let ingressPort = 0;
  let webhookUrl = '';

  before(async () => {
    await redisServer.start();
    await fake.start();
    fake.addApp(KEY);
    ingressPort = await freePort();
    const shared = { REDIS_URL: redisServer.url, SECRETS_KEY: secretsKey, QUEUE_PREFIX: prefix };
    // The marker is checked every 3 s here so that the window after a flush can be observed.
    target = await startConsole('ingress_attacks', {
      ...shared,
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
      PUBLIC_BASE_URL: `http://127.0.0.1:${ingressPort}`,
      DIRECTORY_CHECK_INTERVAL_MS: '3000',
    });
    ingress = await startApp('ingress', {
      ...shared,
      INGRESS_PORT: String(ingressPort),
      WEBHOOK_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      WEBHOOK_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    ({ webhookUrl } = await createAttackedIntegration(target, KEY));
  });
  after(async () => {
    await ingress?.stop();
    await target?.stop();
    await fake.stop();
    await redisServer.stop();
  });

  const post = (body = loadWebhookBody()) =>
    fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('a valid webhook is queued (the stack works)', async () => {
    const answer = await post();
    expect(answer.status).to.equal(200);
  });

  it('does not serve /metrics on the public webhook port (item 5)', async () => {
    expect((await fetch(`http://127.0.0.1:${ingressPort}/metrics`)).status).to.equal(404);
  });

  it('cuts a slow body on a valid key off within seconds (item 6)', async () => {
    const path = new URL(webhookUrl).pathname;
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`;
    const { answer, closedAfterMs } = await slowClient(ingressPort, head, 'x'.repeat(1000), 300);
    expect(closedAfterMs).to.be.below(REQUEST_TIMEOUT_MS + 3_000);
    expect(answer).to.match(/^HTTP\/1\.1 408/);
  });

  it('cuts off headers that never finish (slowloris) within seconds (item 6)', async () => {
    const { closedAfterMs } = await slowClient(
      ingressPort,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'X-Slow: yes\r\n'.repeat(100),
      300,
    );
    expect(closedAfterMs).to.be.below(REQUEST_TIMEOUT_MS + 3_000);
  });

  it('refuses an oversized Content-Length at once, before reading the body (item 6)', async () => {
    const path = new URL(webhookUrl).pathname;
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const { answer, closedAfterMs } = await slowClient(ingressPort, head, 'x'.repeat(100), 100);
    expect(answer).to.match(/^HTTP\/1\.1 413/);
    expect(closedAfterMs).to.be.below(1_500);
  });

  it('after FLUSHALL answers valid webhooks 503 (never 404) and reports not ready, then succeeds once the console republished (item 7)', async () => {
    const redis = createRedisConnection(redisServer.url, 'producer');
    try {
      await redisReady(redis);
      await redis.flushall();
      const [during, ready] = await Promise.all([post(), fetch(`http://127.0.0.1:${ingressPort}/readyz`)]);
      expect(during.status).to.equal(503);
      expect(during.headers.get('retry-after')).to.equal('30');
      expect(ready.status).to.equal(503);
      const statuses: number[] = [];
      // Bounded: at most 100 tries, 100 ms apart.
      for (let i = 0; i < 100; i += 1) {
        const answer = await post();
        statuses.push(answer.status);
        if (answer.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(statuses.at(-1)).to.equal(200);
      expect(statuses).not.to.include(404);
      expect((await fetch(`http://127.0.0.1:${ingressPort}/readyz`)).status).to.equal(200);
      expect(target.app.log()).to.contain('webhook directory missing from Redis');
    } finally {
      redis.disconnect();
    }
  });

  it('does not hold the shutdown hostage to a slow sender', async () => {
    const path = new URL(webhookUrl).pathname;
    const slow = slowClient(
      ingressPort,
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`,
      'x'.repeat(1000),
      200,
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect(await ingress.stop()).to.equal(0);
    expect(Date.now() - started).to.be.below(8_000);
    await slow;
  });
});
