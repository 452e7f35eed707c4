import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { CatalogSyncScheduler, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { exportTokenColumns, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  listenOnLoopback,
  requireEnv,
  seedAccount,
  seedAccountCatalog,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { AuditLog } from '../src/audit/audit-log';
import { CabinetService } from '../src/cabinet/cabinet.service';
import { dataApiAccess } from '../src/cabinet/data-api-access';
import { createConsoleApp } from '../src/create-console-app';
import { ExportTokenCabinetCheck } from '../src/integrations/export-token-cabinet-check';
import { IntegrationService } from '../src/integrations/integration.service';
import { AUTH, PASSWORD, USER } from './console-harness';

const APP = 48_213;
const OTHER_APP = 77_001;

// Issue #22: the account's cabinet connection through the console's API, against the fake Data API over HTTP.
describe('cabinet connection API (real PostgreSQL and Redis, fake Data API)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let base = '';
  let stopServer: () => Promise<void>;
  const dataApi = new FakeDataApi();
  const secretsKey = randomBytes(32).toString('base64');
  const secretBox = new SecretBox(secretsKey);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const scheduler = new CatalogSyncScheduler(redis, { prefix });

  before(async () => {
    await redisReady(redis);
    t = await createTestDatabase('cabinet_api');
    await dataApi.start();
    const access = dataApiAccess({ comagic: dataApi.url, uis: dataApi.url }, 2_000);
    const directory = new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey));
    await directory.replaceAll(new Map());
    const audit = new AuditLog(t.db, createMemoryLogger('cabinet-audit').logger);
    const integrations = new IntegrationService({
      db: t.db,
      audit,
      secretBox,
      directory,
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: 'http://127.0.0.1:9',
      carrotQuestTimeoutMs: 500,
      exportTokenCabinetCheck: new ExportTokenCabinetCheck(t.db, access),
      // No queues here: the cabinet's checks are the subject, not the status panel.
    } as unknown as ConstructorParameters<typeof IntegrationService>[0]);
    const app = createConsoleApp({
      db: t.db,
      queues: [],
      logger: createMemoryLogger('cabinet-test').logger,
      user: USER,
      password: PASSWORD,
      pingRedis: async () => true,
      integrations,
      cabinet: new CabinetService({ db: t.db, secretBox, dataApi: access, scheduler, audit }),
    });
    const listening = await listenOnLoopback(app, 'the console');
    stopServer = listening.stop;
    base = `http://127.0.0.1:${listening.port}`;
  });
  after(async () => {
    await stopServer?.();
    await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
    await scheduler.close();
    redis.disconnect();
    await dataApi.stop();
    await t?.drop();
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const token = (appId = APP, name = 'ООО Ромашка') => {
    const value = `tok-${randomUUID()}`;
    dataApi.addToken(value, { appId, name, timeZone: 'Asia/Yekaterinburg' });
    return value;
  };
  const queuedSyncOf = async (accountId: string) => scheduler.queue.getJob(`catalog-sync-${accountId}`);

  it('connects an account with a token, shows it without the token, and queues a catalog sync', async () => {
    const accountId = await seedAccount(t.db);
    const value = token();
    const put = await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: value });
    expect(put.status).to.equal(200);
    expect(put.body.connection).to.include({
      brand: 'comagic',
      appId: APP,
      name: 'ООО Ромашка',
      timeZone: 'Asia/Yekaterinburg',
    });
    expect(put.body.connection.token).to.equal(`••••${value.slice(-4)}`);
    expect(JSON.stringify(put.body)).not.to.include(value);
    expect(await queuedSyncOf(accountId), 'connecting queues a sync').to.not.equal(undefined);

    const got = await api('GET', `/accounts/${accountId}/cabinet`);
    expect(got.body.connection).to.include({ appId: APP, name: 'ООО Ромашка' });
    expect(got.body.connection.lastSync).to.deep.equal({ at: null, counts: null, error: null });
    expect(JSON.stringify(got.body)).not.to.include(value);
  });

  it('refuses with 422 on `token` a token the Data API does not answer, and bad input', async () => {
    const accountId = await seedAccount(t.db);
    const refused = await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: 'never-issued' });
    expect(refused.status).to.equal(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['token']);
    for (const body of [{ brand: 'comagic' }, { brand: 'amo', token: token() }, { brand: 'uis', token: '' }, []]) {
      expect((await api('PUT', `/accounts/${accountId}/cabinet`, body)).status, JSON.stringify(body)).to.equal(422);
    }
    expect((await api('GET', `/accounts/${accountId}/cabinet`)).body).to.deep.equal({ connection: null });
  });

  it('refuses with 409 on `token` a token of another CoMagic account than the one connected', async () => {
    const accountId = await seedAccount(t.db);
    expect((await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: token() })).status).to.equal(
      200,
    );
    const other = await api('PUT', `/accounts/${accountId}/cabinet`, {
      brand: 'comagic',
      token: token(OTHER_APP, 'Чужой'),
    });
    expect(other.status).to.equal(409);
    expect(other.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['token']);
    expect((await api('GET', `/accounts/${accountId}/cabinet`)).body.connection.appId).to.equal(APP);
    // A new token of the same cabinet replaces the stored one.
    const same = token();
    const replaced = await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: same });
    expect(replaced.body.connection.token).to.equal(`••••${same.slice(-4)}`);
  });

  it('refuses with 409 a token of another cabinet than the one an integration exports to', async () => {
    const seeded = await seedAccountCatalog(t.db);
    const id = randomUUID();
    const { data } = integrationRow(
      secretBox,
      { accountId: seeded.accountId, apiKey: 'cq-key', id },
      { exportBrand: 'comagic', ...exportTokenColumns(secretBox, id, token(OTHER_APP, 'Чужой')) },
    );
    await t.db.carrotQuestIntegration.create({ data });
    const put = await api('PUT', `/accounts/${seeded.accountId}/cabinet`, { brand: 'comagic', token: token() });
    expect(put.status).to.equal(409);
    expect(put.body.errors[0].field).to.equal('token');
  });

  it('checks the token: account name, time zone and which components answer', async () => {
    const accountId = await seedAccount(t.db);
    const value = token();
    await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: value });
    dataApi.disableComponent(value, 'upload.chats');
    const check = await api('POST', `/accounts/${accountId}/cabinet/check`);
    expect(check.status).to.equal(200);
    expect(check.body).to.include({ ok: true, name: 'ООО Ромашка', timeZone: 'Asia/Yekaterinburg' });
    const answering = Object.fromEntries(
      check.body.components.map((c: { label: string; ok: boolean }) => [c.label, c.ok]),
    );
    expect(answering).to.deep.equal({
      'Data API': true,
      'Загрузка чатов': false,
      'Отчёт по сессиям': true,
      Справочники: true,
    });
  });

  it('queues a sync on request (202), disconnects, and answers 404 when not connected or for another account', async () => {
    const accountId = await seedAccount(t.db);
    const stranger = await seedAccount(t.db);
    await api('PUT', `/accounts/${accountId}/cabinet`, { brand: 'comagic', token: token() });
    await scheduler.queue.obliterate({ force: true });
    const sync = await api('POST', `/accounts/${accountId}/cabinet/sync`);
    expect(sync.status).to.equal(202);
    expect(await queuedSyncOf(accountId)).to.not.equal(undefined);

    for (const [method, path] of [
      ['POST', '/cabinet/check'],
      ['POST', '/cabinet/sync'],
      ['DELETE', '/cabinet'],
    ] as const) {
      expect((await api(method, `/accounts/${stranger}${path}`)).status, `${method} ${path}`).to.equal(404);
      expect((await api(method, `/accounts/${randomUUID()}${path}`)).status).to.equal(404);
    }
    expect((await api('GET', `/accounts/not-a-uuid/cabinet`)).status).to.equal(404);
    expect((await api('DELETE', `/accounts/${accountId}/cabinet`)).status).to.equal(204);
    expect((await api('GET', `/accounts/${accountId}/cabinet`)).body).to.deep.equal({ connection: null });
  });

  it('marks catalog entries the cabinet no longer lists', async () => {
    const seeded = await seedAccountCatalog(t.db, {
      tags: [
        { name: 'Был', comagicId: 9 },
        { name: 'Есть', comagicId: 10 },
      ],
    });
    await t.db.tag.updateMany({
      where: { accountId: seeded.accountId, comagicId: 9 },
      data: { removedInCabinetAt: new Date() },
    });
    const catalog = await api('GET', `/accounts/${seeded.accountId}/catalog`);
    expect(
      catalog.body.tags.map((tag: { name: string; removedInCabinet: boolean }) => [tag.name, tag.removedInCabinet]),
    ).to.deep.equal([
      ['Был', true],
      ['Есть', false],
    ]);
  });

  it('refuses with 422 an integration export token of another cabinet than the connection', async () => {
    const seeded = await seedAccountCatalog(t.db);
    await api('PUT', `/accounts/${seeded.accountId}/cabinet`, { brand: 'comagic', token: token() });
    const { trafficType, defaultSourceId, defaultSiteId, defaultEmployeeId } = seeded.sourceTrafficDefaults();
    const settings = {
      name: 'Сайт',
      apiKey: 'cq-key',
      trafficType,
      defaultSourceId,
      defaultSiteId,
      defaultEmployeeId,
      exportBrand: 'comagic',
    };
    const foreign = await api('POST', `/accounts/${seeded.accountId}/integrations`, {
      ...settings,
      exportToken: token(OTHER_APP, 'Чужой'),
    });
    expect(foreign.status).to.equal(422);
    expect(foreign.body.errors.map((e: { field: string }) => e.field)).to.include('exportToken');
    const own = await api('POST', `/accounts/${seeded.accountId}/integrations`, { ...settings, exportToken: token() });
    expect((own.body.errors ?? []).map((e: { field: string }) => e.field)).to.not.include('exportToken');
  });

  /** An account whose catalog has CoMagic ids throughout, connected, and an integration settings body exporting with `exportToken`. */
  async function connectedAccount(value: string) {
    const seeded = await seedAccountCatalog(t.db, {
      sites: [
        { domain: 'shop.example.ru', comagicId: 31 },
        { domain: 'old.example.ru', comagicId: 32 },
      ],
      sources: [{ name: 'Direct', comagicId: 21 }],
      employees: [{ name: 'Алексей', comagicId: 41 }],
    });
    expect(
      (await api('PUT', `/accounts/${seeded.accountId}/cabinet`, { brand: 'comagic', token: value })).status,
    ).to.equal(200);
    const settings = {
      name: 'Сайт',
      apiKey: 'cq-key',
      ...seeded.sourceTrafficDefaults(),
      exportBrand: 'comagic',
      exportToken: value,
    };
    return { seeded, settings };
  }
  const componentLines = (body: { exportBlockers: Array<{ kind: string; severity: string; message: string }> }) =>
    body.exportBlockers.filter((b) => b.kind === 'component').map((b) => `${b.severity}: ${b.message}`);

  it("lists «Загрузка чатов» as blocking once the connection's last check found it does not answer", async () => {
    const value = token();
    const { seeded, settings } = await connectedAccount(value);
    const created = await api('POST', `/accounts/${seeded.accountId}/integrations`, settings);
    expect(created.status).to.equal(201);
    expect(componentLines(created.body), 'every component answered the probe on connect').to.deep.equal([]);

    dataApi.disableComponent(value, 'upload.chats');
    expect((await api('POST', `/accounts/${seeded.accountId}/cabinet/check`)).body.ok).to.equal(true);
    const saved = await api('PUT', `/accounts/${seeded.accountId}/integrations/${created.body.id}`, settings);
    expect(saved.status).to.equal(200);
    expect(componentLines(saved.body)).to.have.length(1);
    expect(componentLines(saved.body)[0]).to.match(/^blocks: .*не подключён компонент «Загрузка офлайн-заявок/);
  });

  it('stores the components probe on connect: a missing component blocks from the first save', async () => {
    const value = token();
    dataApi.disableComponent(value, 'upload.chats');
    const { seeded, settings } = await connectedAccount(value);
    const created = await api('POST', `/accounts/${seeded.accountId}/integrations`, settings);
    expect(created.status).to.equal(201);
    expect(componentLines(created.body)).to.have.length(1);
  });

  it('refuses a catalog entry removed in the cabinet as a new choice (422) but keeps a saved one, listed as blocking', async () => {
    const { seeded, settings } = await connectedAccount(token());
    const [kept, gone] = seeded.siteIds as [string, string];
    await t.db.site.updateMany({ where: { id: { in: [kept, gone] } }, data: { removedInCabinetAt: new Date() } });

    const refused = await api('POST', `/accounts/${seeded.accountId}/integrations`, settings);
    expect(refused.status).to.equal(422);
    expect(refused.body.errors).to.deep.include({
      field: 'defaultSiteId',
      message: 'Удалено в CoMagic: выберите другое (этот id CoMagic не примет)',
    });

    await t.db.site.updateMany({ where: { id: kept }, data: { removedInCabinetAt: null } });
    const created = await api('POST', `/accounts/${seeded.accountId}/integrations`, settings);
    expect(created.status).to.equal(201);
    await t.db.site.updateMany({ where: { id: kept }, data: { removedInCabinetAt: new Date() } });
    const path = `/accounts/${seeded.accountId}/integrations/${created.body.id}`;
    const resaved = await api('PUT', path, settings);
    expect(resaved.status, 'the saved value may stay').to.equal(200);
    expect(resaved.body.exportBlockers.map((b: { kind: string }) => b.kind)).to.include('default_site');
    const mapped = await api('PUT', path, {
      ...settings,
      mappings: [{ messenger: 'telegram', sourceId: settings.defaultSourceId, siteId: gone }],
    });
    expect(mapped.status).to.equal(422);
    expect(mapped.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['mappings.0.siteId']);
  });
});
