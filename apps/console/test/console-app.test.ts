import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { ChatImportProducer, createRedisConnection, QueueInspector, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { hashSecret, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  listenOnLoopback,
  requireEnv,
  seedAccount,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { loadConsoleConfig } from '../src/config';
import { AuditLog } from '../src/audit/audit-log';
import { createConsoleApp } from '../src/create-console-app';
import { IntegrationService } from '../src/integrations/integration.service';
import { syncWebhookDirectory } from '../src/webhook-directory-sync';

const auth = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('console app (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let stopServer: (() => Promise<void>) | undefined;
  let base: string;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const producer = new ChatImportProducer(redis, { prefix });
  const secretsKey = randomBytes(32).toString('base64');
  const directory = new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey));
  const secretBox = new SecretBox(secretsKey);
  const accountId = randomUUID();

  before(async () => {
    await redisReady(redis);
    t = await createTestDatabase('console');
    await seedAccount(t.db, { id: accountId });
    const integrations = new IntegrationService({
      db: t.db,
      audit: new AuditLog(t.db, createMemoryLogger('console-audit').logger),
      secretBox,
      directory,
      producer,
      queues: new QueueInspector(redis, { prefix }),
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: 'http://127.0.0.1:1',
      carrotQuestTimeoutMs: 1000,
    });
    const app = createConsoleApp({
      db: t.db,
      queues: [producer.queue],
      logger: createMemoryLogger('console-test').logger,
      user: 'admin',
      password: 'correct-horse-battery',
      pingRedis: () => producer.ping(),
      integrations,
    });
    const listening = await listenOnLoopback(app, 'the console');
    stopServer = listening.stop;
    base = `http://127.0.0.1:${listening.port}`;
  });
  after(async () => {
    await stopServer?.();
    await redis.del(`${prefix}:webhook-keys`);
    await producer.close();
    redis.disconnect();
    await t.drop();
  });

  it('refuses Bull Board, the admin API and the page without credentials or with wrong ones', async () => {
    for (const headers of [{}, auth('admin', 'wrong'), auth('root', 'correct-horse-battery')]) {
      expect((await fetch(`${base}/api/accounts`, { headers })).status).to.equal(401);
      // Without any credentials the page sends the browser to the sign-in page; wrong ones are refused.
      const home = await fetch(`${base}/`, { headers, redirect: 'manual' });
      expect(home.status).to.equal('authorization' in headers ? 401 : 302);
      if (!('authorization' in headers)) expect(home.headers.get('location')).to.equal('/sign-in');
      const page = await fetch(`${base}/admin/queues`, { headers });
      expect(page.status).to.equal(401);
      expect(page.headers.get('www-authenticate')).to.match(/^Basic/);
      expect((await fetch(`${base}/admin/queues/api/queues`, { headers })).status).to.equal(401);
    }
  });

  it('shows the chat-import queue in Bull Board with credentials', async () => {
    const page = await fetch(`${base}/admin/queues`, { headers: auth('admin', 'correct-horse-battery') });
    expect(page.status).to.equal(200);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: auth('admin', 'correct-horse-battery') });
    expect(api.status).to.equal(200);
    const body = (await api.json()) as { queues: Array<{ name: string }> };
    expect(body.queues.map((q) => q.name)).to.include('chat-import');
  });

  // Issue #26 point 9: the operator's browser opening the board asks no other site for anything.
  it("serves Bull Board's page with nothing from another origin, and a CSP that allows none", async () => {
    const page = await fetch(`${base}/admin/queues`, { headers: auth('admin', 'correct-horse-battery') });
    const html = await page.text();
    expect(html).to.contain('static/js/main.');
    const references = [...html.matchAll(/\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
    expect(references.length).to.be.greaterThan(3);
    expect(references.filter((ref) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(ref))).to.deep.equal([]);
    expect(html).not.to.match(/https?:\/\/(?!www\.w3\.org)/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("default-src 'self'");
    expect(csp).to.contain("font-src 'self' data:");
    expect(csp.split(/[\s;]+/).filter((token) => /^(?:https?:|\*|[a-z0-9-]+\.[a-z])/i.test(token))).to.deep.equal([]);
    // What the page loads is served by the board itself, with the board's CSP.
    const script = references.find((ref) => ref.startsWith('static/js/main.'))!;
    const asset = await fetch(`${base}/admin/queues/${script}`, { headers: auth('admin', 'correct-horse-battery') });
    expect(asset.status).to.equal(200);
  });

  it('answers readiness with the state of PostgreSQL and Redis', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).to.deep.equal([200, { status: 'ready', redis: 'up', database: 'up' }]);
  });

  it('publishes live integrations to the webhook directory, with the token only as a hash', async () => {
    const make = async (over: { active?: boolean; deletedAt?: Date; token?: string }) => {
      const { data, webhookKey: key } = integrationRow(
        secretBox,
        { accountId, apiKey: 'k', ...(over.token ? { webhookToken: over.token } : {}) },
        { name: 'i', active: over.active ?? true, deletedAt: over.deletedAt ?? null },
      );
      await t.db.carrotQuestIntegration.create({ data });
      const id = data.id!;
      return { id, key };
    };
    const active = await make({ token: 'cq-token' });
    const inactive = await make({ active: false });
    const deleted = await make({ deletedAt: new Date() });
    await directory.publish('stale-hash', { integrationId: randomUUID(), accountId, active: true, tokenHash: null });

    expect(await syncWebhookDirectory(t.db, directory, secretBox)).to.equal(2);
    expect(await directory.lookup(hashSecret(active.key))).to.deep.equal({
      integrationId: active.id,
      accountId,
      active: true,
      tokenHash: directory.digests.token('cq-token'),
    });
    expect(await directory.lookup(hashSecret(inactive.key))).to.deep.include({ active: false });
    expect(await directory.lookup(hashSecret(deleted.key))).to.equal(null);
    expect(await directory.lookup('stale-hash')).to.equal(null);
    expect(JSON.stringify(await redis.hgetall(`${prefix}:webhook-keys`))).not.to.contain('cq-token');
  });
});

describe('loadConsoleConfig', () => {
  const base = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATABASE_URL: 'postgresql://x@127.0.0.1/x',
    SECRETS_KEY: randomBytes(32).toString('base64'),
  };
  it('refuses to start in production without a console password', () => {
    expect(() => loadConsoleConfig({ ...base, NODE_ENV: 'production' })).to.throw(
      /CONSOLE_PASSWORD: is required in production/,
    );
  });
  it('uses a development password outside production and says it is insecure', () => {
    expect(loadConsoleConfig(base)).to.deep.include({ insecureDefaultPassword: true });
    expect(loadConsoleConfig({ ...base, CONSOLE_PASSWORD: 'a-long-enough-password' })).to.deep.include({
      consolePassword: 'a-long-enough-password',
      insecureDefaultPassword: false,
    });
  });
});
