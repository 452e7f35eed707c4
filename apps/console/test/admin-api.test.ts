import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { hashSecret, integrationSecretContext } from '@carrot-bridge/secrets';
import { seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

const VALID_KEY = 'app.4821.valid-key-9f3c';

describe('admin API (real PostgreSQL and Redis, fake CarrotQuest)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const A = {
    account: randomUUID(),
    site: randomUUID(),
    campaign: randomUUID(),
    campaign2: randomUUID(),
    source: randomUUID(),
    source2: randomUUID(),
    employee: randomUUID(),
    tag: randomUUID(),
  };
  const B = { account: randomUUID(), site: randomUUID(), campaign: randomUUID() };

  before(async () => {
    await h.start('admin_api');
    h.fake.addApp(VALID_KEY);
    await seedAccountCatalog(h.t.db, {
      id: A.account,
      name: 'Аккаунт A',
      sites: [{ id: A.site, domain: 'shop.example.ru', systemCampaignId: A.campaign }],
      campaigns: [{ id: A.campaign2, name: 'Мессенджеры' }],
      sources: [
        { id: A.source, name: 'Direct' },
        { id: A.source2, name: 'Telegram' },
      ],
      employees: [{ id: A.employee, name: 'Алексей' }],
      tags: [{ id: A.tag, name: 'CarrotQuest' }],
    });
    await seedAccountCatalog(h.t.db, {
      id: B.account,
      name: 'Аккаунт B',
      sites: [{ id: B.site, domain: 'shop.example.ru', systemCampaignId: B.campaign }],
    });
  });
  after(() => h.stop());
  afterEach(() => h.fake.clearFaults());

  const sourceSettings = (over: Record<string, unknown> = {}) => ({
    name: 'Сайт',
    active: true,
    apiKey: VALID_KEY,
    trafficType: 'source',
    defaultSourceId: A.source,
    defaultSiteId: A.site,
    defaultEmployeeId: A.employee,
    mappings: [{ messenger: 'telegram', sourceId: A.source2, siteId: A.site }],
    ...over,
  });
  const create = (over: Record<string, unknown> = {}) =>
    h.api('POST', `/accounts/${A.account}/integrations`, sourceSettings(over));

  describe('accounts and catalogs', () => {
    it('lists accounts and an account’s catalog', async () => {
      expect((await h.api('GET', '/accounts')).body.accounts.map((a: { id: string }) => a.id)).to.include.members([
        A.account,
        B.account,
      ]);
      const catalog = await h.api('GET', `/accounts/${A.account}/catalog`);
      expect(catalog.status).to.equal(200);
      expect(catalog.body.campaigns.map((c: { id: string }) => c.id)).to.have.members([A.campaign, A.campaign2]);
      expect(catalog.body.sources).to.have.length(2);
      expect(catalog.body.employees[0]).to.include({ name: 'Алексей' });
    });

    it('answers 404 for an unknown or malformed account', async () => {
      expect((await h.api('GET', `/accounts/${randomUUID()}/catalog`)).status).to.equal(404);
      expect((await h.api('GET', '/accounts/not-a-uuid/catalog')).status).to.equal(404);
    });

    it('creates catalog entries and rejects invalid ones with 422 field errors', async () => {
      const tag = await h.api('POST', `/accounts/${A.account}/tags`, { name: 'Горячий лид' });
      expect(tag.status).to.equal(201);
      const bad = await h.api('POST', `/accounts/${A.account}/sources`, { name: '' });
      expect(bad.status).to.equal(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['name', 'group', 'channel']);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const result = await h.api('POST', `/accounts/${A.account}/tags`, '{"name":');
      expect(result).to.deep.include({ status: 400 });
      expect(result.body.status).to.equal('bad_json');
    });
  });

  describe('integrations', () => {
    it('creates an integration: masked key, checked key, webhook URL published to ingress, script', async () => {
      const result = await create();
      expect(result.status).to.equal(201);
      const body = result.body;
      expect(body.apiKey).to.deep.include({ masked: '••••9f3c', status: 'valid' });
      expect(body.keyCheck.channels.map((c: { type: string }) => c.type)).to.deep.equal([
        'manual',
        'telegram',
        'whatsapp',
      ]);
      expect(body.webhookUrl).to.match(/^https:\/\/hooks\.example\.com\/webhooks\/carrotquest\/[A-Za-z0-9_-]{32}$/);
      expect(body.mappings).to.deep.equal([{ messenger: 'telegram', sourceId: A.source2, siteId: A.site }]);
      expect(body.script).to.contain('cb_session_id').and.to.contain('update_or_create');
      expect(JSON.stringify(body)).not.to.contain(VALID_KEY);
      const key = body.webhookUrl.split('/').pop();
      expect(await h.directory.lookup(hashSecret(key))).to.deep.include({
        integrationId: body.id,
        accountId: A.account,
        active: true,
      });
      const stored = await h.t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: body.id } });
      expect(stored.apiKeyCiphertext).not.to.contain(VALID_KEY);
      expect(h.secretBox.decrypt(stored.apiKeyCiphertext, integrationSecretContext(body.id, 'api-key'))).to.equal(
        VALID_KEY,
      );
    });

    it('saves a key CarrotQuest rejects, marked invalid with the reason', async () => {
      const result = await create({ apiKey: 'app.4821.wrong-key' });
      expect(result.status).to.equal(201);
      expect(result.body.apiKey).to.deep.include({ status: 'invalid' });
      expect(result.body.apiKey.error).to.equal('CarrotQuest отклонил ключ');
    });

    it('saves a key it could not check (CarrotQuest down) as unchecked, not invalid', async () => {
      h.fake.injectFault({ path: '/channels', status: 503, times: 1 });
      const result = await create({});
      expect(result.status).to.equal(201);
      expect(result.body.apiKey).to.deep.include({ status: 'unchecked' });
      expect(result.body.apiKey.error).to.equal('CarrotQuest не ответил');
    });

    const invalid: Array<[string, Record<string, unknown>, string[]]> = [
      ['no API key on create', { apiKey: undefined }, ['apiKey']],
      [
        'source mode without its defaults',
        { defaultSourceId: null, defaultSiteId: null },
        ['defaultSourceId', 'defaultSiteId'],
      ],
      [
        'campaign mode with another account’s campaign',
        { trafficType: 'campaign', defaultCampaignId: B.campaign, mappings: [] },
        ['defaultCampaignId'],
      ],
      ['a mapping without its site', { mappings: [{ messenger: 'vk', sourceId: A.source }] }, ['mappings.0.siteId']],
      ['tagging on without a tag', { taggingEnabled: true }, ['tagId']],
      [
        'an unknown messenger',
        { mappings: [{ messenger: 'icq', sourceId: A.source, siteId: A.site }] },
        ['mappings.0.messenger'],
      ],
      ['a tracker name that is not an identifier', { trackerGlobal: 'x;alert(1)' }, ['trackerGlobal']],
      [
        'an own CarrotQuest API base while the server forbids it',
        { apiBaseUrl: 'http://169.254.169.254/latest' },
        ['apiBaseUrl'],
      ],
    ];
    for (const [name, over, fields] of invalid) {
      it(`answers 422 with the field list for ${name}`, async () => {
        const result = await create(over);
        expect(result.status).to.equal(422);
        expect(result.body.status).to.equal('invalid');
        expect(result.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(fields);
      });
    }

    it('answers every problem of the form at once, each at the path the page places it (issue #26)', async () => {
      const result = await create({
        name: '',
        trafficType: 'campaign',
        defaultCampaignId: A.campaign,
        mappings: [
          { messenger: 'vk', campaignId: A.campaign },
          { messenger: 'vk', campaignId: A.campaign },
          { messenger: '', campaignId: null },
        ],
      });
      expect(result.status, JSON.stringify(result.body)).to.equal(422);
      expect(result.body.errors).to.deep.equal([
        { field: 'name', message: 'Обязательное поле' },
        { field: 'mappings.1.messenger', message: 'Для этого мессенджера уже есть сопоставление' },
        { field: 'mappings.2.messenger', message: 'Выберите мессенджер' },
        { field: 'mappings.2.campaignId', message: 'Обязательное поле' },
      ]);
      expect(await h.t.db.carrotQuestIntegration.count({ where: { accountId: A.account, name: '' } })).to.equal(0);
    });

    it('never shows one account’s integration to another', async () => {
      const { body } = await create();
      expect((await h.api('GET', `/accounts/${B.account}/integrations/${body.id}`)).status).to.equal(404);
      expect((await h.api('PUT', `/accounts/${B.account}/integrations/${body.id}`, sourceSettings())).status).to.equal(
        404,
      );
      expect((await h.api('GET', `/accounts/${B.account}/integrations`)).body.integrations).to.deep.equal([]);
    });

    it('updates settings, keeps the stored key when none is sent, and switches traffic type cleanly', async () => {
      const { body } = await create({ taggingEnabled: true, tagId: A.tag });
      const updated = await h.api('PUT', `/accounts/${A.account}/integrations/${body.id}`, {
        ...sourceSettings({ apiKey: undefined }),
        trafficType: 'campaign',
        defaultCampaignId: A.campaign,
        mappings: [{ messenger: 'whatsapp', campaignId: A.campaign2 }],
      });
      expect(updated.status).to.equal(200);
      expect(updated.body).to.deep.include({
        trafficType: 'campaign',
        defaultCampaignId: A.campaign,
        defaultSourceId: null,
        defaultSiteId: null,
        taggingEnabled: false,
        tagId: null,
      });
      expect(updated.body.mappings).to.deep.equal([{ messenger: 'whatsapp', campaignId: A.campaign2 }]);
      expect(updated.body.apiKey.masked).to.equal('••••9f3c');
      expect(updated.body.webhookUrl).to.equal(body.webhookUrl);
    });

    it('activates and deactivates, and ingress sees it at once', async () => {
      const { body } = await create({ active: false });
      const hash = hashSecret(body.webhookUrl.split('/').pop());
      expect((await h.directory.lookup(hash))?.active).to.equal(false);
      await h.api('POST', `/accounts/${A.account}/integrations/${body.id}/activate`);
      expect((await h.directory.lookup(hash))?.active).to.equal(true);
      await h.api('POST', `/accounts/${A.account}/integrations/${body.id}/deactivate`);
      expect((await h.directory.lookup(hash))?.active).to.equal(false);
    });

    it('rotates the webhook key: the old URL stops working, the new one works', async () => {
      const { body } = await create();
      const rotated = await h.api('POST', `/accounts/${A.account}/integrations/${body.id}/rotate-webhook-key`);
      expect(rotated.body.webhookUrl).not.to.equal(body.webhookUrl);
      expect(await h.directory.lookup(hashSecret(body.webhookUrl.split('/').pop()))).to.equal(null);
      expect(await h.directory.lookup(hashSecret(rotated.body.webhookUrl.split('/').pop()))).to.deep.include({
        integrationId: body.id,
      });
    });

    it('deletes: 204, then 404, and the URL is revoked; chats stay', async () => {
      const { body } = await create();
      expect((await h.api('DELETE', `/accounts/${A.account}/integrations/${body.id}`)).status).to.equal(204);
      expect((await h.api('GET', `/accounts/${A.account}/integrations/${body.id}`)).status).to.equal(404);
      expect(await h.directory.lookup(hashSecret(body.webhookUrl.split('/').pop()))).to.equal(null);
    });

    it('checks a key: valid, rejected (401), unreachable CarrotQuest (no verdict)', async () => {
      const { body } = await create();
      const valid = await h.api('POST', `/accounts/${A.account}/integrations/${body.id}/check-key`, {});
      expect(valid.body).to.deep.include({ status: 'valid', error: null });
      const rejected = await h.api('POST', `/accounts/${A.account}/check-key`, { apiKey: 'nope' });
      expect(rejected.body.status).to.equal('invalid');
      expect(rejected.body.error).to.equal('CarrotQuest отклонил ключ');
      h.fake.injectFault({ reset: true, times: 1 });
      const unreachable = await h.api('POST', `/accounts/${A.account}/integrations/${body.id}/check-key`, {});
      expect(unreachable.body.status).to.equal('unchecked');
      // Generic: the details (what answered at that address) go to the log only.
      expect(unreachable.body.error).to.equal('CarrotQuest не ответил');
      // Not hearing from CarrotQuest says nothing about the key: the last verdict stands.
      const stored = await h.api('GET', `/accounts/${A.account}/integrations/${body.id}`);
      expect(stored.body.apiKey.status).to.equal('valid');
    });

    it('reports status: last webhook, questions (chats) and conversations today and this week, waiting jobs, key', async () => {
      const { body } = await create();
      const receivedAt = new Date().toISOString();
      await h.producer.enqueue({
        integrationId: body.id,
        conversationId: '123',
        carrotUserId: null,
        eventId: '77',
        receivedAt,
      });
      // Two questions of one conversation (two chats), and one imported 8 days ago: outside both counts.
      const question = (questionId: string, createdAt = new Date()) =>
        h.t.db.chat.create({
          data: {
            accountId: A.account,
            integrationId: body.id,
            conversationId: questionId === 'old' ? '99' : '123',
            questionId,
            carrotUserId: '1',
            channel: 'widget',
            startedAt: createdAt,
            createdAt,
            attributionKind: 'default',
          },
        });
      await question('g1');
      await question('g2');
      await question('old', new Date(Date.now() - 8 * 24 * 60 * 60 * 1000));
      const status = await h.api('GET', `/accounts/${A.account}/integrations/${body.id}/status`);
      expect(status.body).to.deep.include({ active: true, lastWebhookAt: receivedAt });
      expect(status.body.chats).to.deep.equal({ today: 2, last7Days: 2 });
      expect(status.body.conversations).to.deep.equal({ today: 1, last7Days: 1 });
      expect(status.body.jobs).to.deep.include({ waiting: 1, failed: 0 });
      expect(status.body.key.status).to.equal('valid');
    });
  });

  describe('export to CoMagic / UIS', () => {
    it('maps catalog entities to CoMagic ids, within the account only', async () => {
      const set = await h.api('PUT', `/accounts/${A.account}/sources/${A.source}/comagic-id`, { comagicId: 101 });
      expect(set.status).to.equal(200);
      const catalog = await h.api('GET', `/accounts/${A.account}/catalog`);
      expect(catalog.body.sources.find((x: { id: string }) => x.id === A.source).comagicId).to.equal(101);
      expect(
        (await h.api('PUT', `/accounts/${B.account}/sources/${A.source}/comagic-id`, { comagicId: 5 })).status,
      ).to.equal(404);
      expect(
        (await h.api('PUT', `/accounts/${A.account}/sources/${A.source}/comagic-id`, { comagicId: -1 })).status,
      ).to.equal(422);
      const created = await h.api('POST', `/accounts/${A.account}/tags`, { name: 'Чаты', comagicId: 12 });
      expect(created.body.comagicId).to.equal(12);
    });

    it('turns export on only with a Data API token, stores it encrypted and shows only its last 4', async () => {
      const missing = await create({ exportBrand: 'comagic' });
      expect(missing.status).to.equal(422);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['exportToken']);
      const token = 'dataapi-token-0123456789abcdef';
      const { status, body } = await create({ exportBrand: 'uis', exportToken: token });
      expect(status).to.equal(201);
      expect(body.export).to.deep.equal({ brand: 'uis', token: '••••cdef', error: null });
      expect(JSON.stringify(body)).not.to.contain(token);
      const stored = await h.t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: body.id } });
      expect(
        h.secretBox.decrypt(stored.exportTokenCiphertext!, integrationSecretContext(body.id, 'export-token')),
      ).to.equal(token);
      // Saving again without a token keeps it; the status panel shows export counts.
      const savedAgain = await h.api(
        'PUT',
        `/accounts/${A.account}/integrations/${body.id}`,
        sourceSettings({ exportBrand: 'uis' }),
      );
      expect(savedAgain.status).to.equal(200);
      expect(savedAgain.body.export.token).to.equal('••••cdef');
      // The catalog was typed by hand, without CoMagic ids (the test above gave the source one: take it
      // back, so this test holds in any order): the save answer says what that blocks.
      await h.t.db.source.update({ where: { id: A.source }, data: { comagicId: null } });
      const kept = await h.api(
        'PUT',
        `/accounts/${A.account}/integrations/${body.id}`,
        sourceSettings({ exportBrand: 'uis' }),
      );
      const blockers = ['default_source', 'default_site', 'mapped_source', 'mapped_site', 'default_employee'];
      expect(kept.body.exportBlockers.map((b: { kind: string }) => b.kind)).to.deep.equal(blockers);
      expect(kept.body.exportBlockers[0].message).to.equal(
        'Источник «Direct» (Прямые): нет id в CoMagic — чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся',
      );
      const panel = await h.api('GET', `/accounts/${A.account}/integrations/${body.id}/status`);
      expect(panel.body.export.blockers).to.deep.equal(kept.body.exportBlockers);
      expect(panel.body.export).to.deep.include({
        jobs: { waiting: 0, retrying: 0, failed: 0, lastError: null, nextTryAt: null },
        brand: 'uis',
        error: null,
        chats: { pending: 0, exported: 0, failed: 0, not_exportable: 0 },
        lastExportedAt: null,
        stoppedBecause: null,
        lastChatRefusal: null,
        timeZone: null,
        timeZoneAssumedBecause: null,
      });
    });
  });

  describe('visitor sessions', () => {
    const session = (externalId: string, over: Record<string, unknown> = {}) => ({
      externalId,
      siteId: A.site,
      startedAt: '2026-11-25T09:00:00Z',
      campaignId: A.campaign2,
      utmSource: 'yandex',
      ...over,
    });

    it('upserts in bulk, idempotently, by the tracker’s id, and looks one up', async () => {
      const first = await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
        sessions: [session('s-1'), session('s-2')],
      });
      expect(first.body).to.deep.equal({ status: 'ok', upserted: 2 });
      await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
        sessions: [session('s-1', { utmSource: 'google' })],
      });
      expect(
        await h.t.db.visitorSession.count({ where: { accountId: A.account, externalId: { in: ['s-1', 's-2'] } } }),
      ).to.equal(2);
      const found = await h.api('GET', `/accounts/${A.account}/visitor-sessions/s-1`);
      expect(found.body).to.deep.include({ externalId: 's-1', utmSource: 'google', siteId: A.site });
      expect((await h.api('GET', `/accounts/${B.account}/visitor-sessions/s-1`)).status).to.equal(404);
    });

    it('refuses a session on another account’s site or campaign', async () => {
      const site = await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
        sessions: [session('s-3', { siteId: B.site })],
      });
      expect(site.status).to.equal(422);
      expect(site.body.errors[0].field).to.equal('sessions.0.siteId');
      const campaign = await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
        sessions: [session('s-4', { campaignId: B.campaign })],
      });
      expect(campaign.status).to.equal(422);
    });
  });

  describe('chats', () => {
    it('lists chats newest first with filters and keyset paging, and shows one with its transcript', async () => {
      const { body: integration } = await create();
      const db = h.t.db;
      const base = { accountId: A.account, integrationId: integration.id, carrotUserId: '1' };
      for (let i = 0; i < 5; i += 1) {
        await db.chat.create({
          data: {
            ...base,
            conversationId: `c-${i}`,
            channel: i % 2 ? 'telegram' : 'widget',
            attributionKind: i % 2 ? 'mapping' : 'default',
            // The list goes by the chat's start (not its import): c-4 started last.
            startedAt: new Date(Date.now() - (5 - i) * 1000),
          },
        });
      }
      const html = '<img src=x onerror=alert(1)>';
      const chat = await db.chat.findFirstOrThrow({ where: { integrationId: integration.id, conversationId: 'c-4' } });
      await db.chatMessage.create({
        data: {
          chatId: chat.id,
          partId: '1',
          sentAt: new Date(),
          author: 'visitor',
          partType: 'reply_user',
          text: html,
        },
      });

      const page1 = await h.api('GET', `/accounts/${A.account}/chats?integrationId=${integration.id}&limit=2`);
      expect(page1.body.chats.map((c: { conversationId: string }) => c.conversationId)).to.deep.equal(['c-4', 'c-3']);
      const page2 = await h.api(
        'GET',
        `/accounts/${A.account}/chats?integrationId=${integration.id}&limit=2&cursor=${page1.body.nextCursor}`,
      );
      expect(page2.body.chats.map((c: { conversationId: string }) => c.conversationId)).to.deep.equal(['c-2', 'c-1']);
      const telegram = await h.api(
        'GET',
        `/accounts/${A.account}/chats?integrationId=${integration.id}&channel=telegram&attributionKind=mapping`,
      );
      expect(telegram.body.chats).to.have.length(2);
      expect((await h.api('GET', `/accounts/${A.account}/chats?channel=fax`)).status).to.equal(422);

      const detail = await h.api('GET', `/accounts/${A.account}/chats/${chat.id}`);
      expect(detail.body.messages).to.deep.equal([
        {
          partId: '1',
          sentAt: detail.body.messages[0].sentAt,
          author: 'visitor',
          operatorName: null,
          text: html,
          partType: 'reply_user',
        },
      ]);
      expect((await h.api('GET', `/accounts/${B.account}/chats/${chat.id}`)).status).to.equal(404);
    });
  });
});
