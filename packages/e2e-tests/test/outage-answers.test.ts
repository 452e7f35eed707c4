import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import {
  createTestDatabase,
  PrivatePostgresServer,
  PrivateRedisServer,
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
  const A = { account: randomUUID(), site: randomUUID(), source: randomUUID(), employee: randomUUID() };
  const B = { account: randomUUID(), site: randomUUID() };
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
    for (const acc of [A, B]) {
      await t.db.account.create({ data: { id: acc.account, name: 'x' } });
      await t.db.site.create({
        data: { id: acc.site, accountId: acc.account, domain: `${acc.site}.example.ru`, siteKey: acc.site },
      });
    }
    await t.db.source.create({
      data: { id: A.source, accountId: A.account, name: 'Direct', group: 'g', channel: 'c' },
    });
    await t.db.employee.create({ data: { id: A.employee, accountId: A.account, name: 'Алексей' } });
    const created = await api(target.url, 'POST', `/accounts/${A.account}/integrations`, {
      name: 'Сайт',
      active: true,
      apiKey: KEY,
      trafficType: 'source',
      defaultSourceId: A.source,
      defaultSiteId: A.site,
      defaultEmployeeId: A.employee,
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
    const answer = await api(target.url, 'POST', `/accounts/${A.account}/campaigns`, {
      siteId: B.site,
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
          const answer = await api(target.url, 'GET', `/accounts/${A.account}/integrations/${integrationId}/status`);
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
        `/accounts/${A.account}/catalog`,
        `/accounts/${A.account}/integrations/${integrationId}`,
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
