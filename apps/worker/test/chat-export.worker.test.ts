import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { markChatForExport, upsertChat } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { ChatExportScheduler, createRedisConnection } from '@carrot-bridge/queue';
import { SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import { chatRecordFixture, createTestDatabase, insertIntegration, requireEnv, waitFor, type IntegrationFixture, type TestDatabase } from '@carrot-bridge/test-support';
import { ChatExportWorker } from '../src/chat-export.worker';
import { ExportChatsUseCase } from '../src/export-chats.usecase';

// The export on real Redis and PostgreSQL against the fake Data API over HTTP, with tiny timings.
describe('chat export to the CoMagic / UIS Data API (real Redis, PostgreSQL, fake Data API)', function () {
  this.timeout(60_000);
  const dataApi = new FakeDataApi();
  const secretBox = new SecretBox(randomBytes(32).toString('base64'));
  const prefix = `x-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const schedulerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const retryPolicy = { attempts: 3, baseDelayMs: 20, maxDelayMs: 50 };
  const scheduler = new ChatExportScheduler(schedulerRedis, { prefix, retryPolicy });
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let worker: ChatExportWorker;
  let conversation = 0;

  const setToken = async (token: string) =>
    t.db.carrotQuestIntegration.update({
      where: { id: fx.integrationId },
      data: { exportBrand: 'comagic', exportTokenCiphertext: secretBox.encrypt(token, integrationSecretContext(fx.integrationId, 'export-token')), exportTokenLast4: token.slice(-4), exportError: null },
    });

  /** A chat as the import leaves it for an exporting integration: stored, marked pending. */
  async function importedChat(over: { phone?: string | null; email?: string | null } = {}): Promise<string> {
    conversation += 1;
    const started = new Date(Date.now() - 3_600_000);
    const { chatId } = await upsertChat(
      t.db,
      chatRecordFixture(fx, String(conversation), {
        contactPhone: over.phone === undefined ? '+79123456789' : over.phone,
        contactEmail: over.email ?? null,
        startedAt: started,
      }),
      [
        { partId: '1', sentAt: started, author: 'visitor', partType: 'reply_user', operatorName: null, text: 'Здравствуйте' },
        { partId: '2', sentAt: new Date(started.getTime() + 30_000), author: 'operator', partType: 'reply_admin', operatorName: 'Алексей', text: 'Добрый день' },
      ],
      null,
    );
    await markChatForExport(t.db, chatId);
    return chatId;
  }

  const statuses = async () => Object.fromEntries((await t.db.chat.groupBy({ by: ['exportStatus'], _count: true })).map((g) => [g.exportStatus, g._count]));
  const noPending = () => waitFor('no pending export', async () => (await t.db.chat.count({ where: { exportStatus: 'pending' } })) === 0, 20_000, 50);

  before(async () => {
    t = await createTestDatabase('export');
    fx = await insertIntegration(t.db, secretBox, 'app.1.key');
    await t.db.site.update({ where: { id: fx.siteId }, data: { comagicId: 7 } });
    await t.db.source.update({ where: { id: fx.sourceId }, data: { comagicId: 101 } });
    await t.db.employee.update({ where: { id: fx.employeeId }, data: { comagicId: 55 } });
    const tag = await t.db.tag.create({ data: { accountId: fx.accountId, name: 'CarrotQuest', comagicId: 12 } });
    await t.db.carrotQuestIntegration.update({ where: { id: fx.integrationId }, data: { taggingEnabled: true, tagId: tag.id } });
    await dataApi.start();
    dataApi.addToken('token-ok');
    await setToken('token-ok');
    const { logger } = createMemoryLogger('export-test');
    worker = new ChatExportWorker({
      connection: redis,
      prefix,
      concurrency: 2,
      retryPolicy,
      db: t.db,
      logger,
      limitWaitMs: 200,
      useCase: new ExportChatsUseCase({ db: t.db, secretBox, dataApiUrls: { comagic: dataApi.url, uis: dataApi.url }, timeoutMs: 2_000 }),
    });
    worker.start();
  });

  after(async () => {
    await worker.close();
    await scheduler.close();
    redis.disconnect();
    schedulerRedis.disconnect();
    await dataApi.stop();
    await t?.drop();
  });

  beforeEach(() => (dataApi.calls.length = 0));

  it('delivers 60 pending chats in calls of at most 50, tags them, and keeps the remote ids', async () => {
    const ids = [];
    for (let i = 0; i < 60; i += 1) ids.push(await importedChat());
    await scheduler.schedule(fx.integrationId);
    await noPending();
    expect(dataApi.calls.filter((c) => c.method === 'upload.chats').map((c) => c.chats)).to.deep.equal([50, 10]);
    const chats = await t.db.chat.findMany({ where: { id: { in: ids } } });
    expect(chats.every((c) => c.exportStatus === 'exported' && c.exportRemoteId && dataApi.chats.get(c.id)?.id === c.exportRemoteId)).to.equal(true);
    expect(dataApi.chats.get(ids[0]!)!.tags).to.deep.equal([12]);
    expect(dataApi.chats.get(ids[0]!)!.chat).to.deep.include({ source_id: 101, site_id: 7, phone: '79123456789' });
  });

  it('a re-import exports again as an update of the same remote chat, never a duplicate', async () => {
    const chatId = await importedChat();
    await scheduler.schedule(fx.integrationId);
    await noPending();
    const before = dataApi.chats.size;
    const remoteId = (await t.db.chat.findUniqueOrThrow({ where: { id: chatId } })).exportRemoteId;
    await markChatForExport(t.db, chatId);
    await scheduler.schedule(fx.integrationId);
    await noPending();
    expect(dataApi.chats.size).to.equal(before);
    expect(dataApi.chats.get(chatId)!.uploads).to.equal(2);
    expect((await t.db.chat.findUniqueOrThrow({ where: { id: chatId } })).exportRemoteId).to.equal(remoteId);
  });

  it('records a chat without phone or email as not exportable, and a chat the Data API refuses as failed with the field; the rest is delivered', async () => {
    const noContact = await importedChat({ phone: null, email: null });
    const badPhone = await importedChat({ phone: '+7912' });
    const good = await importedChat();
    await scheduler.schedule(fx.integrationId);
    await noPending();
    const rows = Object.fromEntries((await t.db.chat.findMany({ where: { id: { in: [noContact, badPhone, good] } } })).map((c) => [c.id, c]));
    expect(rows[noContact]).to.deep.include({ exportStatus: 'not_exportable' });
    expect(rows[noContact]!.exportError).to.match(/ни телефона, ни email/);
    expect(rows[badPhone]).to.deep.include({ exportStatus: 'failed' });
    expect(rows[badPhone]!.exportError).to.match(/invalid_parameter_value.*chats\.\d+\.phone/);
    expect(rows[good]).to.deep.include({ exportStatus: 'exported' });
  });

  it('waits out spent limits (-32029) without spending an attempt, then delivers', async () => {
    const chatId = await importedChat();
    dataApi.exhaustLimits(retryPolicy.attempts + 1);
    await scheduler.schedule(fx.integrationId);
    await noPending();
    expect((await t.db.chat.findUniqueOrThrow({ where: { id: chatId } })).exportStatus).to.equal('exported');
    expect(dataApi.calls.filter((c) => c.error === 'limit_exceeded')).to.have.length(retryPolicy.attempts + 1);
  });

  it('a refused token marks the integration with the mnemonic and leaves its chats pending', async () => {
    await setToken('token-revoked');
    const chatId = await importedChat();
    await scheduler.schedule(fx.integrationId);
    const integration = await waitFor('the export error', async () => {
      const row = await t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: fx.integrationId } });
      return row.exportError ? row : undefined;
    }, 20_000, 50);
    expect(integration.exportError).to.match(/access_token_invalid \(-32001\)/);
    expect((await t.db.chat.findUniqueOrThrow({ where: { id: chatId } })).exportStatus).to.equal('pending');
    expect(await statuses()).to.have.property('pending', 1);

    // Fixed by saving a valid token: the next export clears the error and delivers.
    await setToken('token-ok');
    await scheduler.schedule(fx.integrationId, Date.now() + 10_000);
    await noPending();
    expect((await t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: fx.integrationId } })).exportError).to.equal(null);
  });
});
