import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { exportTokenColumns, generateWebhookKey, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  freePort,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startProduct,
  waitFor,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

// The product as it runs: console publishes the webhook key, ingress takes CarrotQuest's form-encoded
// webhook, the worker enriches it from (fake) CarrotQuest and writes the chat to PostgreSQL.
describe('webhook -> ingress -> Redis -> worker -> PostgreSQL (real processes)', function () {
  const fake = new FakeCarrotQuest();
  const dataApi = new FakeDataApi();
  const employeeId = randomUUID();
  const secretsKey = randomBytes(32).toString('base64');
  const secretBox = new SecretBox(secretsKey);
  const apiKey = `app.4821.${randomUUID()}`;
  const webhookKey = generateWebhookKey();
  const integrationId = randomUUID();
  const accountId = randomUUID();
  const siteId = randomUUID();
  const sourceDefault = randomUUID();
  const sourceYandex = randomUUID();
  const sessionId = randomUUID();
  let t: TestDatabase;
  let apps: AppProcess[] = [];
  let ingressUrl = '';
  let workerMetricsUrl = '';
  let ingressMetricsUrl = '';

  before(async () => {
    t = await createTestDatabase('e2e');
    await fake.start();
    await dataApi.start();
    dataApi.addToken('e2e-data-api-token');
    // The account knows the tracker session the fixture user carries (CoMagic made it).
    dataApi.addSession(4411928373, new Date(1764054021 * 1000), { siteId: 77 });
    fake.addFixtureChats(apiKey);
    // The fixture user carries another product's prop names; give it ours, as our JS script would.
    fake.apps.get(apiKey)!.users.get('1038472615')!.props_custom = {
      [SESSION_PROPS.sessionId]: '4411928373',
      [SESSION_PROPS.utmContent]: 'ad-17',
    };

    const db = t.db;
    await seedAccountCatalog(db, {
      id: accountId,
      name: 'E2E',
      sites: [{ id: siteId, domain: 'shop.example.ru', comagicId: 77 }],
      sources: [
        { id: sourceDefault, name: 'Direct', comagicId: 3001 },
        { id: sourceYandex, name: 'Яндекс.Директ', group: 'Контекст', channel: 'Платный', comagicId: 3002 },
      ],
      employees: [{ id: employeeId, name: 'Алексей', comagicId: 5521 }],
    });
    await db.visitorSession.create({
      data: {
        id: sessionId,
        accountId,
        externalId: '4411928373',
        siteId,
        startedAt: new Date(1764054021 * 1000),
        sourceId: sourceYandex,
        utmSource: 'yandex',
        utmMedium: 'cpc',
        utmCampaign: 'brand',
      },
    });
    const { data } = integrationRow(
      secretBox,
      { id: integrationId, accountId, apiKey, webhookKey, webhookToken: '6f1c2a9e-3b7d-4e58-9a0c-d2e4f6a8b1c3' },
      {
        name: 'E2E',
        trafficType: 'source',
        defaultSourceId: sourceDefault,
        defaultSiteId: siteId,
        defaultEmployeeId: employeeId,
        exportBrand: 'comagic',
        ...exportTokenColumns(secretBox, integrationId, 'e2e-data-api-token'),
      },
    );
    await db.carrotQuestIntegration.create({ data });

    const ingressMetricsPort = String(await freePort());
    const product = await startProduct({
      common: {
        REDIS_URL: requireEnv('REDIS_URL'),
        DATABASE_URL: t.url,
        SECRETS_KEY: secretsKey,
        QUEUE_PREFIX: `e2e-${randomUUID().slice(0, 8)}`,
      },
      ingress: { INGRESS_METRICS_PORT: ingressMetricsPort },
      worker: {
        CARROTQUEST_API_BASE_URL: fake.baseUrl,
        DATA_API_COMAGIC_URL: dataApi.url,
        RETRY_BASE_DELAY_MS: '50',
        RETRY_MAX_DELAY_MS: '200',
        RETRY_ATTEMPTS: '5',
      },
    });
    apps = product.apps;
    ingressUrl = product.ingress.url;
    ingressMetricsUrl = `http://127.0.0.1:${ingressMetricsPort}`;
    workerMetricsUrl = product.worker.url;
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await fake.stop();
    await dataApi.stop();
    await t?.drop();
  });

  it('turns the fixture webhook into one attributed chat with its messages', async () => {
    const post = () =>
      fetch(`${ingressUrl}/webhooks/carrotquest/${webhookKey}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: loadWebhookBody(),
      });
    // The console publishes keys at start-up; retry briefly in case ingress answered before that.
    const first = await waitFor(
      'the webhook to be accepted',
      async () => {
        const response = await post();
        return response.status === 200 ? ((await response.json()) as { status: string }) : undefined;
      },
      20_000,
      200,
    );
    expect(first.status).to.equal('queued');
    expect(((await (await post()).json()) as { status: string }).status).to.equal('duplicate');

    const chat = await waitFor(
      'the chat row',
      () =>
        t.db.chat
          .findFirst({ where: { integrationId }, include: { messages: { orderBy: { sentAt: 'asc' } } } })
          .then((c) => c ?? undefined),
      30_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${apps.map((a) => `--- ${a.name}\n${a.log()}`).join('\n')}`);
    });
    expect(chat).to.deep.include({
      conversationId: '27364519',
      carrotUserId: '1038472615',
      channel: 'widget',
      contactName: 'Ирина Соколова',
      contactPhone: '+79123456789',
      contactEmail: 'irina.sokolova@example.ru',
      attributionKind: 'session',
      visitorSessionId: sessionId,
      sourceId: sourceYandex,
      siteId,
      utmSource: 'yandex',
      utmContent: 'ad-17',
      messagesCount: 5,
      firstVisitorMessage: 'Здравствуйте! Сколько стоит доставка в Пермь?',
    });
    expect(chat.messages.map((m) => m.partId)).to.deep.equal([
      '880012401',
      '880012402',
      '880012403',
      '880012404',
      '880012405',
      '880012406',
    ]);
    expect(await t.db.chat.count({ where: { integrationId } })).to.equal(1);
  });

  it('delivers the chat to the CoMagic Data API with its source, site, employee and remote id', async () => {
    const chat = await waitFor(
      'the chat to be exported',
      async () => {
        const row = await t.db.chat.findFirst({ where: { integrationId } });
        return row?.exportStatus === 'exported' ? row : undefined;
      },
      20_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${apps.map((a) => `--- ${a.name}\n${a.log()}`).join('\n')}`);
    });
    const uploaded = dataApi.chats.get(chat.id)!;
    expect(chat.exportRemoteId).to.equal(uploaded.id);
    // The session started before the chat and within 180 days of it (however long ago the upload is): it goes as the one attribution key.
    expect(uploaded.chat).to.deep.include({
      ext_id: chat.id,
      phone: '79123456789',
      visitor_session_id: 4411928373,
      status: 'succeed',
    });
    expect(uploaded.chat).not.to.have.any.keys('source_id', 'site_id', 'campaign_id');
    const operatorEmployees = uploaded.chat.messages
      .filter((m: { source: string }) => m.source === 'operator')
      .map((m: { employee_id: number }) => m.employee_id);
    // The fixture has operator replies: an empty list here would prove nothing.
    expect(operatorEmployees).to.have.length.above(0);
    expect(operatorEmployees.filter((id: number) => id !== 5521)).to.deep.equal([]);
  });

  it('exposes Prometheus metrics on ingress and worker, on internal ports only', async () => {
    expect((await fetch(`${ingressUrl}/metrics`)).status, 'not on the public webhook port').to.equal(404);
    const ingress = await (await fetch(`${ingressMetricsUrl}/metrics`)).text();
    expect(ingress).to.match(/carrot_bridge_webhooks_total\{answer="queued"\} 1/);
    expect(ingress).to.match(/carrot_bridge_webhooks_total\{answer="duplicate"\} 1/);
    expect(ingress).to.match(/carrot_bridge_queue_jobs\{state="waiting"\} \d+/);
    const worker = await (await fetch(`${workerMetricsUrl}/metrics`)).text();
    expect(worker).to.match(/carrot_bridge_job_attempts_total\{outcome="completed",code="session"\} 1/);
    expect(worker).to.match(
      /carrot_bridge_carrotquest_request_duration_seconds_count\{endpoint="\/conversations\/\{id\}",outcome="200"\} 1/,
    );
    expect((await fetch(`${workerMetricsUrl}/readyz`)).status).to.equal(200);
  });

  it('stops every process gracefully on SIGTERM', async () => {
    const codes = await Promise.all(apps.map((app) => app.stop()));
    expect(codes).to.deep.equal([0, 0, 0]);
    expect(apps.find((a) => a.name === 'worker')!.log()).to.contain('worker stopped');
  });
});
