import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { upsertChat, type Database } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { CATALOG_SYNC, CatalogSyncScheduler, createRedisConnection } from '@carrot-bridge/queue';
import { cabinetTokenColumns, SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  requireEnv,
  seedAccount,
  waitFor,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { catalogSyncHandler, catalogSyncTickHandler } from '../src/catalog-sync/catalog-sync.handler';
import { CatalogSyncUseCase } from '../src/catalog-sync/catalog-sync.usecase';
import { FanOutCatalogSyncUseCase } from '../src/catalog-sync/fan-out-catalog-sync.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';

const APP_ID = 48_213;

// Issue #22 item 1: the catalog sync job on real Redis and PostgreSQL, reading the fake Data API over HTTP.
describe('catalog sync from the CoMagic / UIS cabinet', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let db: Database;
  const dataApi = new FakeDataApi();
  const secretBox = new SecretBox(randomBytes(32).toString('base64'));
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const workerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const producerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  // Many quick attempts: an outage test brings the fake back while the job is still retrying.
  const retryPolicy = { attempts: 40, baseDelayMs: 50, maxDelayMs: 100 };
  const scheduler = new CatalogSyncScheduler(producerRedis, { prefix, retryPolicy });
  let workers: JobWorkers;

  before(async () => {
    t = await createTestDatabase('catalog_sync');
    db = t.db;
    await dataApi.start();
    const { logger } = createMemoryLogger('catalog-sync-test');
    const useCase = new CatalogSyncUseCase({
      db,
      secretBox,
      dataApiUrls: { comagic: dataApi.url, uis: dataApi.url },
      timeoutMs: 2_000,
    });
    workers = new JobWorkers(
      {
        catalogSync: catalogSyncHandler(useCase),
        catalogSyncTick: catalogSyncTickHandler(new FanOutCatalogSyncUseCase(db, scheduler)),
      },
      { connection: workerRedis, prefix, retryPolicy, logger, concurrency: { [CATALOG_SYNC.queue]: 2 } },
    );
    workers.start();
  });
  after(async () => {
    await workers.close();
    await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
    await scheduler.close();
    workerRedis.disconnect();
    producerRedis.disconnect();
    await dataApi.stop();
    await t.drop();
  });

  /** The cabinet every test starts from: two sites, campaigns on them, sources of one name in two groups. */
  function fillCabinet() {
    dataApi.addSite({ id: 301, domain: 'shop.example.ru' });
    dataApi.addSite({ id: 302, domain: 'blog.example.ru' });
    dataApi.addCampaign({ id: 4001, name: 'Яндекс.Директ — поиск', siteId: 301 });
    dataApi.addCampaign({ id: 4002, name: 'Блог: статьи', siteId: 302 });
    dataApi.addSource({ id: 51, name: 'Яндекс', group: 'Контекстная реклама', channel: 'Платный трафик' });
    dataApi.addSource({ id: 52, name: 'Яндекс', group: 'Поисковые системы', channel: 'Бесплатный трафик' });
    dataApi.addEmployee({ id: 71, name: 'Петрова Анна', email: 'anna@example.ru' });
    dataApi.addTag({ id: 81, name: 'Чат' });
  }

  async function connect(accountId: string, token: string) {
    dataApi.addToken(token, { appId: APP_ID, name: 'ООО Ромашка' });
    await db.cabinetConnection.create({
      data: {
        accountId,
        brand: 'comagic',
        ...cabinetTokenColumns(secretBox, accountId, token),
        cabinetAppId: APP_ID,
        cabinetName: 'ООО Ромашка',
        timeZone: 'Asia/Yekaterinburg',
      },
    });
  }

  /** Enqueues a sync and waits for the connection to record a run after `since`. */
  async function syncNow(accountId: string) {
    const since = new Date();
    await scheduler.enqueueAccount(accountId);
    return waitFor('a recorded catalog sync', async () => {
      const row = await db.cabinetConnection.findUniqueOrThrow({ where: { accountId } });
      return row.catalogSyncedAt && row.catalogSyncedAt >= since ? row : undefined;
    });
  }

  const campaignsOf = (accountId: string) =>
    db.campaign.findMany({ where: { accountId }, orderBy: { comagicId: 'asc' }, include: { site: true } });

  it('gives an account connected with only a Data API token its catalog, with CoMagic ids', async () => {
    fillCabinet();
    const accountId = await seedAccount(db);
    await connect(accountId, `token-${randomUUID()}`);

    const row = await syncNow(accountId);
    expect(row.catalogSyncError).to.equal(null);

    const sites = await db.site.findMany({ where: { accountId }, orderBy: { comagicId: 'asc' } });
    expect(sites.map((s) => [s.comagicId, s.domain])).to.deep.equal([
      [301, 'shop.example.ru'],
      [302, 'blog.example.ru'],
    ]);
    expect(new Set(sites.map((s) => s.siteKey)).size, 'each new site gets its own key').to.equal(2);
    expect((await campaignsOf(accountId)).map((c) => [c.comagicId, c.name, c.site.comagicId])).to.deep.equal([
      [4001, 'Яндекс.Директ — поиск', 301],
      [4002, 'Блог: статьи', 302],
    ]);
    const sources = await db.source.findMany({ where: { accountId }, orderBy: { comagicId: 'asc' } });
    expect(sources.map((s) => [s.comagicId, s.name, s.group, s.channel])).to.deep.equal([
      [51, 'Яндекс', 'Контекстная реклама', 'Платный трафик'],
      [52, 'Яндекс', 'Поисковые системы', 'Бесплатный трафик'],
    ]);
    const employees = await db.employee.findMany({ where: { accountId } });
    expect(employees.map((e) => [e.comagicId, e.name, e.email])).to.deep.equal([
      [71, 'Петрова Анна', 'anna@example.ru'],
    ]);
    expect((await db.tag.findMany({ where: { accountId } })).map((tag) => [tag.comagicId, tag.name])).to.deep.equal([
      [81, 'Чат'],
    ]);
    expect(row.catalogSyncCounts).to.deep.include({
      sites: { created: 2, updated: 0, removed: 0, skipped: 0 },
      sources: { created: 2, updated: 0, removed: 0, skipped: 0 },
    });
  });

  it('renames what was renamed in the cabinet, marks what was deleted there and keeps it for the chat that points at it', async () => {
    fillCabinet();
    const fx = await insertIntegration(db, secretBox, `cq-${randomUUID()}`, 'Ромашка', {
      sources: [{ name: 'Вручную', group: 'Свои', channel: 'Свои' }],
    });
    await connect(fx.accountId, `token-${randomUUID()}`);
    await syncNow(fx.accountId);
    const blog = await db.campaign.findFirstOrThrow({ where: { accountId: fx.accountId, comagicId: 4002 } });
    await upsertChat(db, chatRecordFixture(fx, '77000001', { campaignId: blog.id }), [], null);

    dataApi.renameCatalogEntry('campaign', 4001, 'Директ: поиск (весна)');
    dataApi.removeCatalogEntry('campaign', 4002);
    const row = await syncNow(fx.accountId);

    const campaigns = await campaignsOf(fx.accountId);
    const direct = campaigns.find((c) => c.comagicId === 4001);
    const removed = campaigns.find((c) => c.comagicId === 4002);
    expect(direct?.name).to.equal('Директ: поиск (весна)');
    expect(direct?.removedInCabinetAt).to.equal(null);
    expect(removed?.removedInCabinetAt, 'deleted in the cabinet: marked, not deleted').to.be.an.instanceOf(Date);
    const chat = await db.chat.findFirstOrThrow({ where: { accountId: fx.accountId, conversationId: '77000001' } });
    expect(chat.campaignId).to.equal(blog.id);
    expect(row.catalogSyncCounts).to.deep.include({
      campaigns: { created: 0, updated: 1, removed: 1, skipped: 0 },
      sites: { created: 0, updated: 0, removed: 0, skipped: 0 },
    });
    const handMade = await db.source.findFirstOrThrow({ where: { accountId: fx.accountId, name: 'Вручную' } });
    expect(handMade.removedInCabinetAt, 'a hand-made entry is never marked').to.equal(null);

    dataApi.addCampaign({ id: 4002, name: 'Блог: статьи', siteId: 302 });
    const again = await syncNow(fx.accountId);
    const back = await db.campaign.findUniqueOrThrow({ where: { id: blog.id } });
    expect(back.removedInCabinetAt, 'back in the cabinet: no longer marked').to.equal(null);
    // The renamed campaign is now as the cabinet has it (name and site): unchanged, not updated again.
    expect(again.catalogSyncCounts).to.deep.include({ campaigns: { created: 0, updated: 1, removed: 0, skipped: 0 } });
  });

  it('links a hand-made site, source and tag of the same natural key instead of adding a second one', async () => {
    fillCabinet();
    const accountId = await seedAccount(db);
    const site = await db.site.create({ data: { accountId, domain: 'shop.example.ru', siteKey: `k-${randomUUID()}` } });
    const source = await db.source.create({
      data: { accountId, name: 'Яндекс', group: 'Поисковые системы', channel: 'Свой канал' },
    });
    const tag = await db.tag.create({ data: { accountId, name: 'Чат' } });
    await connect(accountId, `token-${randomUUID()}`);

    const row = await syncNow(accountId);

    const sites = await db.site.findMany({ where: { accountId }, orderBy: { comagicId: 'asc' } });
    expect(sites.map((s) => [s.id === site.id, s.comagicId, s.siteKey === site.siteKey])).to.deep.equal([
      [true, 301, true],
      [false, 302, false],
    ]);
    const linkedSource = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect([linkedSource.comagicId, linkedSource.channel], 'the cabinet sets the channel').to.deep.equal([
      52,
      'Бесплатный трафик',
    ]);
    expect(await db.source.count({ where: { accountId } })).to.equal(2);
    expect((await db.tag.findMany({ where: { accountId } })).map((t) => [t.id, t.comagicId])).to.deep.equal([
      [tag.id, 81],
    ]);
    expect(row.catalogSyncCounts).to.deep.include({
      sites: { created: 1, updated: 1, removed: 0, skipped: 0 },
      sources: { created: 1, updated: 1, removed: 0, skipped: 0 },
      tags: { created: 0, updated: 1, removed: 0, skipped: 0 },
    });
  });

  it('skips, and counts, a campaign whose site is not in the catalog', async () => {
    fillCabinet();
    dataApi.addCampaign({ id: 4099, name: 'Без сайта', siteId: null });
    const accountId = await seedAccount(db);
    await connect(accountId, `token-${randomUUID()}`);
    const row = await syncNow(accountId);
    expect((await campaignsOf(accountId)).map((c) => c.comagicId)).to.deep.equal([4001, 4002]);
    expect(row.catalogSyncCounts).to.deep.include({ campaigns: { created: 2, updated: 0, removed: 0, skipped: 1 } });
    dataApi.removeCatalogEntry('campaign', 4099);
  });

  it('records a refused token once, without retrying, and retries an outage until the cabinet answers', async () => {
    fillCabinet();
    const accountId = await seedAccount(db);
    const token = `token-${randomUUID()}`;
    await connect(accountId, token);
    dataApi.revokeToken(token);
    const callsBefore = dataApi.calls.filter((c) => c.method === 'get.sites').length;
    const refused = await syncNow(accountId);
    expect(refused.catalogSyncError).to.match(/CoMagic отказал/);
    // Given up at once: no second attempt comes (the job is gone from the queue, not waiting for a retry).
    await waitFor('the job to leave the queue', async () => {
      const counts = await scheduler.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    });
    expect(dataApi.calls.filter((c) => c.method === 'get.sites').length - callsBefore).to.equal(1);

    dataApi.addToken(token, { appId: APP_ID });
    dataApi.down(true);
    try {
      await scheduler.enqueueAccount(accountId);
      await waitFor('the outage recorded', async () => {
        const row = await db.cabinetConnection.findUniqueOrThrow({ where: { accountId } });
        return row.catalogSyncError?.includes('недоступен') ? row : undefined;
      });
    } finally {
      dataApi.down(false);
    }
    const healed = await waitFor('the retried sync to succeed', async () => {
      const row = await db.cabinetConnection.findUniqueOrThrow({ where: { accountId } });
      return row.catalogSyncError === null ? row : undefined;
    });
    expect(await db.site.count({ where: { accountId } })).to.equal(2);
    expect(healed.catalogSyncCounts).to.deep.include({ tags: { created: 1, updated: 0, removed: 0, skipped: 0 } });
  });

  it('the daily tick syncs every connected account', async () => {
    fillCabinet();
    const accountId = await seedAccount(db);
    await connect(accountId, `token-${randomUUID()}`);
    await scheduler.tick();
    await waitFor(
      'the tick to sync the new account',
      async () => (await db.site.count({ where: { accountId } })) === 2,
    );
  });
});
