import { expect } from 'chai';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import {
  createTestDatabase,
  PrivatePostgresServer,
  PrivateRedisServer,
  seedAccountCatalog,
  waitFor,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { api, AUTH, startConsole, type ConsoleUnderAttack } from './attack-helpers';

const KEY = 'app.4821.outage-key';

// Issue #12, item 9: truthful answers while Redis or PostgreSQL is down. A real console over a
// private Redis and a private PostgreSQL cluster that this suite really stops.
describe('answers during outages (real console, private Redis and PostgreSQL)', function () {
  this.timeout(120_000);
  const redisServer = new PrivateRedisServer();
  const postgres = new PrivatePostgresServer();
  const fake = new FakeCarrotQuest();
  let accountA = '';
  let siteOfB = '';
  let t: TestDatabase;
  let target: ConsoleUnderAttack;
  let integrationId = '';

  before(async () => {
    await Promise.all([redisServer.start(), postgres.init(), fake.start()]);
    fake.addApp(KEY);
    t = await createTestDatabase('outage', postgres.adminUrl);
    target = await startConsole('outage_unused', {
      REDIS_URL: redisServer.url,
      DATABASE_URL: t.url,
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
    });
    const a = await seedAccountCatalog(t.db);
    accountA = a.accountId;
    siteOfB = (await seedAccountCatalog(t.db)).siteId;
    const created = await api(target.url, 'POST', `/accounts/${accountA}/integrations`, {
      name: 'Сайт',
      active: true,
      apiKey: KEY,
      ...a.sourceTrafficDefaults(),
      mappings: [],
    });
    expect(created.status).to.equal(201);
    integrationId = created.body.id;
  });
  after(async () => {
    await target?.stop();
    await t?.drop().catch(() => undefined);
    await postgres.destroy().catch(() => undefined);
    await redisServer.stop().catch(() => undefined);
    await fake.stop();
  });

  it('a campaign on another account’s site is a 422 naming siteId, not a 500', async () => {
    const answer = await api(target.url, 'POST', `/accounts/${accountA}/campaigns`, {
      siteId: siteOfB,
      name: 'Чужой сайт',
    });
    expect(answer.status).to.equal(422);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['siteId']);
  });

  it('with Redis down the status panel says the job counts are unknown, never "0 waiting, 0 failed"', async () => {
    await redisServer.stop();
    try {
      const status = await waitFor(
        'the status to see Redis down',
        async () => {
          const answer = await api(target.url, 'GET', `/accounts/${accountA}/integrations/${integrationId}/status`);
          return answer.status === 200 && answer.body.jobs.unavailable ? answer.body : undefined;
        },
        20_000,
        200,
      );
      expect(status.jobs).to.deep.include({ waiting: null, failed: null });
      expect(status.jobs.unavailable).to.contain('Redis');
    } finally {
      await redisServer.start();
    }
  });

  it('with PostgreSQL down the API answers 503 with Retry-After, not 500', async () => {
    await postgres.stop();
    try {
      for (const path of [
        '/accounts',
        `/accounts/${accountA}/catalog`,
        `/accounts/${accountA}/integrations/${integrationId}`,
      ]) {
        const response = await fetch(`${target.url}/api${path}`, { headers: { authorization: AUTH } });
        expect(response.status, path).to.equal(503);
        expect(Number(response.headers.get('retry-after')), path).to.be.above(0);
      }
      expect((await fetch(`${target.url}/readyz`)).status).to.equal(503);
    } finally {
      await postgres.start();
    }
  });
});
