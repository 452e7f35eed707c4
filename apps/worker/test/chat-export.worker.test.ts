import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FAKE_DEFAULT_TIME_ZONE, FakeDataApi, type FakeTokenOptions } from '@carrot-bridge/data-api-fake';
import { exportStatusSummary, markChatForExport, upsertChat } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { CHAT_EXPORT, ChatExportScheduler, createRedisConnection } from '@carrot-bridge/queue';
import { SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  requireEnv,
  waitFor,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { chatExportHandler } from '../src/export/chat-export.handler';
import { ExportChatsUseCase } from '../src/export/export-chats.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';

const DAY = 24 * 60 * 60 * 1000;
const wholeSecond = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;

// The export on real Redis and PostgreSQL against the fake Data API over HTTP, with tiny timings. The
// fake's account is in Asia/Yekaterinburg (UTC+5): a Moscow assumption would shift every date by 2 h.
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
  let worker: JobWorkers;
  let conversation = 0;

  const setToken = async (token: string, options?: FakeTokenOptions) => {
    if (options) dataApi.addToken(token, options);
    await t.db.carrotQuestIntegration.update({
      where: { id: fx.integrationId },
      data: {
        exportBrand: 'comagic',
        exportTokenCiphertext: secretBox.encrypt(token, integrationSecretContext(fx.integrationId, 'export-token')),
        exportTokenLast4: token.slice(-4),
        exportError: null,
      },
    });
  };

  interface ChatOver {
    phone?: string | null;
    email?: string | null;
    startedAt?: Date;
    /** Attributed by this tracker session (created in the account), else by the default source + site. */
    session?: { externalId: string; startedAt: Date };
    firstMessageAt?: Date;
  }

  /** A chat as the import leaves it for an exporting integration: stored, marked pending. */
  async function importedChat(over: ChatOver = {}): Promise<string> {
    conversation += 1;
    const started = over.startedAt ?? new Date(Date.now() - 3_600_000);
    let visitorSessionId: string | null = null;
    if (over.session) {
      visitorSessionId = (
        await t.db.visitorSession.create({
          data: {
            accountId: fx.accountId,
            externalId: over.session.externalId,
            siteId: fx.siteId,
            sourceId: fx.sourceId,
            startedAt: over.session.startedAt,
          },
        })
      ).id;
    }
    const { chatId } = await upsertChat(
      t.db,
      chatRecordFixture(fx, String(conversation), {
        contactPhone: over.phone === undefined ? '+79123456789' : over.phone,
        contactEmail: over.email ?? null,
        startedAt: started,
        ...(over.session
          ? { attributionKind: 'session', sessionExternalId: over.session.externalId, visitorSessionId }
          : {}),
      }),
      [
        {
          partId: '1',
          sentAt: over.firstMessageAt ?? new Date(started.getTime() + 5_000),
          author: 'visitor',
          partType: 'reply_user',
          operatorName: null,
          text: 'Здравствуйте',
        },
        {
          partId: '2',
          sentAt: new Date(started.getTime() + 30_000),
          author: 'operator',
          partType: 'reply_admin',
          operatorName: 'Алексей',
          text: 'Добрый день',
        },
      ],
      null,
    );
    await markChatForExport(t.db, chatId);
    return chatId;
  }

  const noPending = () =>
    waitFor(
      'no pending export',
      async () => (await t.db.chat.count({ where: { exportStatus: 'pending' } })) === 0,
      20_000,
      50,
    );
  const exportNow = async () => {
    await scheduler.schedule(fx.integrationId);
    await noPending();
  };
  const chatRows = async (ids: string[]) =>
    Object.fromEntries((await t.db.chat.findMany({ where: { id: { in: ids } } })).map((c) => [c.id, c]));
  const uploads = () => dataApi.calls.filter((c) => c.method === 'upload.chats');
  const integrationRow = () => t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: fx.integrationId } });

  before(async () => {
    t = await createTestDatabase('export');
    fx = await insertIntegration(t.db, secretBox, 'app.1.key', 'Fixture', {
      sites: [{ domain: 'shop.example.ru', comagicId: 7 }],
      sources: [{ name: 'Direct', comagicId: 101 }],
      employees: [{ name: 'Алексей', comagicId: 55 }],
      tags: [{ name: 'CarrotQuest', comagicId: 12 }],
    });
    await t.db.carrotQuestIntegration.update({
      where: { id: fx.integrationId },
      data: { taggingEnabled: true, tagId: fx.tagId },
    });
    await dataApi.start();
    await setToken('token-ok', {});
    const { logger } = createMemoryLogger('export-test');
    const useCase = new ExportChatsUseCase({
      db: t.db,
      secretBox,
      dataApiUrls: { comagic: dataApi.url, uis: dataApi.url },
      timeoutMs: 2_000,
    });
    worker = new JobWorkers(
      { chatExport: chatExportHandler(useCase) },
      { connection: redis, prefix, concurrency: { [CHAT_EXPORT.queue]: 2 }, retryPolicy, logger },
    );
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

  beforeEach(() => {
    dataApi.calls.length = 0;
    dataApi.fieldStyle = 'dotted';
  });

  it('delivers 60 pending chats in two calls (50 + 10), keeps the remote id of each from result.data by position, and tags them', async () => {
    const ids = [];
    for (let i = 0; i < 60; i += 1) ids.push(await importedChat());
    await exportNow();
    expect(uploads().map((c) => c.chats)).to.deep.equal([50, 10]);
    const rows = await chatRows(ids);
    for (const id of ids) {
      expect(rows[id]!.exportStatus).to.equal('exported');
      expect(rows[id]!.exportRemoteId, `remote id of ${id}`).to.equal(dataApi.chats.get(id)!.id);
    }
    expect(new Set(ids.map((id) => rows[id]!.exportRemoteId)).size).to.equal(60);
    expect(dataApi.chats.get(ids[0]!)!.tags).to.deep.equal([12]);
    expect(dataApi.chats.get(ids[0]!)!.chat).to.deep.include({ source_id: 101, site_id: 7, phone: '79123456789' });
  });

  it("writes the times in the account's zone that get.account names (not Moscow), asking once per token", async () => {
    const started = new Date(Date.now() - 2 * 3_600_000 - 400);
    const chatId = await importedChat({ startedAt: started });
    await exportNow();
    expect(await integrationRow()).to.deep.include({
      exportTimeZone: FAKE_DEFAULT_TIME_ZONE,
      exportTimeZoneError: null,
    });
    expect(FAKE_DEFAULT_TIME_ZONE).not.to.equal('Europe/Moscow');
    // The fake read the wall-clock text as Yekaterinburg time and got the chat's very instant back.
    expect(dataApi.chats.get(chatId)!.startedAt).to.equal(wholeSecond(started));
    expect(dataApi.chats.get(chatId)!.messageTimes[0]).to.equal(wholeSecond(started) + 5_000);
    // The first test's export already read the zone with this token: not asked again.
    expect(dataApi.calls.filter((c) => c.method === 'get.account')).to.have.length(0);
  });

  it('accepts a first message sent in the very second the chat started (sent one second later)', async () => {
    const started = new Date(Date.now() - 3_600_000);
    const chatId = await importedChat({ startedAt: started, firstMessageAt: started });
    await exportNow();
    expect((await chatRows([chatId]))[chatId]!.exportStatus).to.equal('exported');
    expect(dataApi.chats.get(chatId)!.messageTimes).to.deep.equal([
      wholeSecond(started) + 1_000,
      wholeSecond(started) + 30_000,
    ]);
  });

  it("keeps a session just under 180 days before the chat's start (though more than 180 days before the upload); one just over goes by source + site", async () => {
    const started = new Date(Date.now() - 200 * DAY);
    const under = { externalId: '5500000001', startedAt: new Date(started.getTime() - 180 * DAY + 3_600_000) };
    const over = { externalId: '5500000002', startedAt: new Date(started.getTime() - 180 * DAY - 3_600_000) };
    dataApi.addSession(Number(under.externalId), under.startedAt, { siteId: 7 });
    dataApi.addSession(Number(over.externalId), over.startedAt, { siteId: 7 });
    const kept = await importedChat({ startedAt: started, session: under });
    const dropped = await importedChat({ startedAt: started, session: over });
    await exportNow();
    const rows = await chatRows([kept, dropped]);
    expect(rows[kept]!.exportStatus).to.equal('exported');
    expect(rows[dropped]!.exportStatus).to.equal('exported');
    expect(dataApi.chats.get(kept)!.chat)
      .to.include({ visitor_session_id: 5500000001 })
      .and.not.have.any.keys('source_id', 'site_id');
    expect(dataApi.chats.get(dropped)!.chat)
      .to.include({ source_id: 101, site_id: 7 })
      .and.not.have.property('visitor_session_id');
  });

  for (const style of ['dotted', 'bracketed'] as const) {
    it(`a batch with one refused phone delivers the others and marks that one, the field ${style}`, async () => {
      const good1 = await importedChat();
      const bad = await importedChat({ phone: '+7912' });
      const good2 = await importedChat();
      dataApi.fieldStyle = style;
      await exportNow();
      const rows = await chatRows([good1, bad, good2]);
      expect([rows[good1]!.exportStatus, rows[bad]!.exportStatus, rows[good2]!.exportStatus]).to.deep.equal([
        'exported',
        'failed',
        'exported',
      ]);
      expect(rows[bad]!.exportError).to.match(
        style === 'dotted'
          ? /^CoMagic не принял чат: неверное значение — телефон посетителя \(invalid_parameter_value, -32602, chats\.\d\.phone\)$/
          : /телефон посетителя \(invalid_parameter_value, -32602, chats\[\d\]\.phone\)$/,
      );
      expect(dataApi.chats.has(bad)).to.equal(false);
      // One refused call, then the other two again at once.
      expect(uploads().map((c) => [c.chats, c.error ?? 'ok'])).to.deep.equal([
        [3, 'invalid_parameter_value'],
        [2, 'ok'],
      ]);
    });
  }

  it('a refusal that names no chat of the batch is retried chat by chat once: the culprit is found, the rest go out', async () => {
    const good1 = await importedChat();
    const bad = await importedChat({ phone: null, email: 'irina@invalid' });
    const good2 = await importedChat();
    dataApi.fieldStyle = 'unindexed';
    await exportNow();
    const rows = await chatRows([good1, bad, good2]);
    expect([rows[good1]!.exportStatus, rows[bad]!.exportStatus, rows[good2]!.exportStatus]).to.deep.equal([
      'exported',
      'failed',
      'exported',
    ]);
    expect(rows[bad]!.exportError).to.match(/email посетителя \(invalid_parameter_value, -32602, email\)$/);
    expect(uploads().map((c) => c.chats)).to.deep.equal([3, 1, 1, 1]);
  });

  it('records a chat without phone or email as not exportable, in Russian, without calling', async () => {
    const noContact = await importedChat({ phone: null, email: null });
    await exportNow();
    const row = (await chatRows([noContact]))[noContact]!;
    expect(row.exportStatus).to.equal('not_exportable');
    expect(row.exportError).to.match(/ни телефона, ни email/);
    expect(uploads()).to.have.length(0);
  });

  it('a re-import exports again as an update of the same remote chat, never a duplicate', async () => {
    const chatId = await importedChat();
    await exportNow();
    const before = dataApi.chats.size;
    const remoteId = (await chatRows([chatId]))[chatId]!.exportRemoteId;
    await markChatForExport(t.db, chatId);
    await exportNow();
    expect(dataApi.chats.size).to.equal(before);
    expect(dataApi.chats.get(chatId)!.uploads).to.equal(2);
    expect((await chatRows([chatId]))[chatId]!.exportRemoteId).to.equal(remoteId);
  });

  it('waits out spent limits (-32029) for the reset metadata.limits gives, without spending an attempt, then delivers', async () => {
    const chatId = await importedChat();
    // Longer than the default 60 s wait would allow within the test; the fake says 0.2 s.
    dataApi.exhaustLimits(retryPolicy.attempts + 1, 0.2);
    await exportNow();
    expect((await chatRows([chatId]))[chatId]!.exportStatus).to.equal('exported');
    expect(dataApi.calls.filter((c) => c.error === 'limit_exceeded')).to.have.length(retryPolicy.attempts + 1);
  });

  it('a new token reads the zone again; a token that may not call get.account goes in Moscow time, and the integration says so', async () => {
    await setToken('token-vladivostok', { timeZone: 'Asia/Vladivostok' });
    const east = await importedChat();
    await exportNow();
    expect((await integrationRow()).exportTimeZone).to.equal('Asia/Vladivostok');
    expect(dataApi.calls.filter((c) => c.method === 'get.account')).to.have.length(1);
    expect(dataApi.chats.get(east)!.startedAt).to.equal(wholeSecond((await chatRows([east]))[east]!.startedAt));

    await setToken('token-agent', { timeZone: 'Europe/Moscow', getAccountForbidden: true });
    const chatId = await importedChat();
    await exportNow();
    const integration = await integrationRow();
    expect(integration.exportTimeZone).to.equal('Europe/Moscow');
    expect(integration.exportTimeZoneError).to.match(/часовой пояс.*forbidden \(-32003\).*по Москве/);
    expect(dataApi.chats.get(chatId)!.startedAt).to.equal(wholeSecond((await chatRows([chatId]))[chatId]!.startedAt));
    const summary = await exportStatusSummary(t.db, fx.integrationId);
    expect(summary.timeZoneAssumedBecause).to.equal(integration.exportTimeZoneError);
    await setToken('token-ok');
  });

  it('a refused token stops the export with the reason in Russian on the integration and leaves its chats pending', async () => {
    await setToken('token-revoked');
    const chatId = await importedChat();
    await scheduler.schedule(fx.integrationId);
    const integration = await waitFor(
      'the export error',
      async () => {
        const row = await integrationRow();
        return row.exportError ? row : undefined;
      },
      20_000,
      50,
    );
    expect(integration.exportError).to.match(/^CoMagic не узнал токен Data API.*\(access_token_invalid, -32001\)$/);
    expect((await chatRows([chatId]))[chatId]!.exportStatus).to.equal('pending');

    const summary = await exportStatusSummary(t.db, fx.integrationId);
    expect(summary.chats.pending).to.equal(1);
    expect(summary.stoppedBecause).to.equal(integration.exportError);
    expect(summary.lastChatRefusal?.reason).to.match(/^CoMagic не принял чат/);
    expect(summary.lastExportedAt).to.be.instanceOf(Date);

    // Fixed by saving a valid token: the next export clears the error and delivers.
    await setToken('token-ok');
    await scheduler.schedule(fx.integrationId, Date.now() + 10_000);
    await noPending();
    expect((await integrationRow()).exportError).to.equal(null);
  });
});
