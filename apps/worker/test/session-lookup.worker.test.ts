import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { SESSION_FOUND_AFTER_EXPORT_NOTE, SESSION_PROPS } from '@carrot-bridge/domain';
import { ChatExportScheduler, SessionLookupScheduler } from '@carrot-bridge/queue';
import { cabinetTokenColumns, integrationSecretContext } from '@carrot-bridge/secrets';
import { waitFor } from '@carrot-bridge/test-support';
import { chatExportHandler } from '../src/export/chat-export.handler';
import { ExportChatsUseCase } from '../src/export/export-chats.usecase';
import { SessionLookupRequester } from '../src/session-lookup/session-lookup-requester';
import { sessionLookupHandler } from '../src/session-lookup/session-lookup.handler';
import { SessionLookupUseCase } from '../src/session-lookup/session-lookup.usecase';
import { IDS, WorkerHarness } from './worker-harness';

// Sessions from the cabinet (docs/cabinet.md): import, session lookup and export workers on real Redis
// and PostgreSQL, the fake CarrotQuest and the fake Data API over HTTP, with the lookup's 2 min / 2 h
// shortened through its timings (SESSION_LOOKUP_RETRY_MS / SESSION_LOOKUP_GIVE_UP_MS in production).
const TIMINGS = { retryMs: 300, giveUpAfterMs: 4_000 };
const TOKEN = `cabinet-${randomUUID()}`;
const COMAGIC = {
  site: 3_001,
  campaignDefault: 5_500,
  campaignYandex: 5_501,
  campaignWhatsapp: 5_502,
  employee: 9_001,
};

let seq = 50_000_000;
const next = () => (seq += 1);

describe('sessions from the cabinet (real Redis, PostgreSQL, fake CarrotQuest and Data API)', function () {
  this.timeout(60_000);
  const h = new WorkerHarness();
  const dataApi = new FakeDataApi();
  let exportUseCase: ExportChatsUseCase;
  const lookups = new SessionLookupScheduler(h.producerRedis, { prefix: h.prefix });
  const exports = new ChatExportScheduler(h.producerRedis, { prefix: h.prefix });
  let integrationId: string;
  let carrotKey: string;

  before(async () => {
    const dataApiUrl = await dataApi.start();
    dataApi.addToken(TOKEN);
    await h.start({
      importDeps: () => ({
        exportScheduler: exports,
        sessionLookups: new SessionLookupRequester({ db: h.t.db, scheduler: lookups, timings: TIMINGS }),
      }),
      handlers: () => ({
        chatExport: chatExportHandler(
          (exportUseCase = new ExportChatsUseCase({
            db: h.t.db,
            secretBox: h.secretBox,
            dataApiUrls: { comagic: dataApiUrl, uis: dataApiUrl },
            timeoutMs: 2_000,
            sessionLookups: lookups,
          })),
        ),
        sessionLookup: sessionLookupHandler(
          new SessionLookupUseCase({
            db: h.t.db,
            secretBox: h.secretBox,
            dataApiUrls: { comagic: dataApiUrl, uis: dataApiUrl },
            timeoutMs: 2_000,
            timings: TIMINGS,
            lookups,
            exports,
          }),
        ),
      }),
    });
    const db = h.t.db;
    await db.site.update({ where: { id: IDS.site }, data: { comagicId: COMAGIC.site } });
    await db.campaign.update({ where: { id: IDS.campaignDefault }, data: { comagicId: COMAGIC.campaignDefault } });
    await db.campaign.update({ where: { id: IDS.campaignYandex }, data: { comagicId: COMAGIC.campaignYandex } });
    await db.campaign.update({ where: { id: IDS.campaignWhatsapp }, data: { comagicId: COMAGIC.campaignWhatsapp } });
    await db.employee.update({ where: { id: IDS.employee }, data: { comagicId: COMAGIC.employee } });
    await db.cabinetConnection.create({
      data: {
        accountId: IDS.account,
        brand: 'comagic',
        ...cabinetTokenColumns(h.secretBox, IDS.account, TOKEN),
        cabinetAppId: 4_821,
        cabinetName: 'Магазин',
        timeZone: 'Asia/Yekaterinburg',
      },
    });
    carrotKey = `key-${randomUUID()}`;
    const integration = await h.createIntegration(carrotKey, {
      trafficType: 'campaign',
      defaultCampaignId: IDS.campaignDefault,
      defaultSourceId: null,
      defaultSiteId: null,
    });
    integrationId = integration.id;
    await db.carrotQuestIntegration.update({
      where: { id: integrationId },
      data: {
        exportBrand: 'comagic',
        exportTokenCiphertext: h.secretBox.encrypt(TOKEN, integrationSecretContext(integrationId, 'export-token')),
        exportTokenLast4: TOKEN.slice(-4),
      },
    });
  });

  after(async () => {
    await lookups.queue.obliterate({ force: true }).catch(() => undefined);
    await exports.queue.obliterate({ force: true }).catch(() => undefined);
    await lookups.close();
    await exports.close();
    await h.stop();
    await dataApi.stop();
  });

  /** A chat of `visitorId` whose captured session is `sessionId`, imported through the worker. */
  async function importChat(visitorId: number, sessionId: number, sessionStartedAt: Date): Promise<string> {
    const conversationId = String(next());
    const userId = String(1_039_000_000 + next());
    h.fake.addChat(carrotKey, {
      conversationId,
      userId,
      name: 'Ирина',
      phone: '+79123456789',
      // The chat began 5 minutes ago: after each session of these tests started.
      createdAt: Math.floor(Date.now() / 1000) - 300,
      propsCustom: {
        [SESSION_PROPS.sessionId]: String(sessionId),
        [SESSION_PROPS.visitorId]: String(visitorId),
        [SESSION_PROPS.sessionStartedAt]: Math.floor(sessionStartedAt.getTime() / 1000),
      },
      messages: 4,
    });
    const job = await h.run(h.jobData(integrationId, conversationId, { carrotUserId: userId }));
    expect(await job.getState()).to.equal('completed');
    return conversationId;
  }

  const exported = (conversationId: string) =>
    waitFor(
      `chat ${conversationId} exported`,
      async () => {
        const chat = await h.chat(integrationId, conversationId);
        return chat?.exportStatus === 'exported' ? chat : undefined;
      },
      20_000,
      50,
    );
  const uploaded = (chatId: string) => dataApi.chats.get(chatId)?.chat;
  const reportCalls = () => dataApi.calls.filter((c) => c.method === 'get.visitor_sessions_report').length;

  it("attributes a chat to the campaign of a session known only in the cabinet and exports it with the session's id", async () => {
    const visitorId = next();
    const sessionId = next();
    const startedAt = new Date(Date.now() - 20 * 60_000);
    dataApi.addCabinetSession({
      id: sessionId,
      visitorId,
      startedAt,
      siteId: COMAGIC.site,
      campaignId: COMAGIC.campaignYandex,
      utmSource: 'yandex',
      utmMedium: 'cpc',
    });

    const conversationId = await importChat(visitorId, sessionId, startedAt);
    const chat = await exported(conversationId);

    const session = await h.t.db.visitorSession.findUniqueOrThrow({
      where: { accountId_externalId: { accountId: IDS.account, externalId: String(sessionId) } },
    });
    expect(session).to.deep.include({ siteId: IDS.site, campaignId: IDS.campaignYandex, visitorId: String(visitorId) });
    expect(chat).to.deep.include({
      sessionLookup: 'found',
      attributionKind: 'session',
      visitorSessionId: session.id,
      campaignId: IDS.campaignYandex,
      utmSource: 'yandex',
      utmMedium: 'cpc',
      sessionVisitorId: String(visitorId),
    });
    expect(uploaded(chat.id)).to.deep.include({ visitor_session_id: sessionId });
    expect(uploaded(chat.id)).to.not.have.property('campaign_id');
  });

  it('finds a session the report lists only after a delay, retrying until it does', async () => {
    const visitorId = next();
    const sessionId = next();
    const startedAt = new Date(Date.now() - 10 * 60_000);
    const session = {
      id: sessionId,
      visitorId,
      startedAt,
      siteId: COMAGIC.site,
      campaignId: COMAGIC.campaignYandex,
    };
    // Not listed yet: the cabinet lags behind its own tracker.
    dataApi.addCabinetSession({ ...session, visibleAfter: new Date(Date.now() + 3_600_000) });

    const conversationId = await importChat(visitorId, sessionId, startedAt);
    // An export run while the lookup is pending (run here, not left to the batch window's timer, so the
    // order cannot depend on the machine's load) holds the chat back.
    const held = await exportUseCase.execute({ integrationId, window: 0 });
    const waiting = await h.chat(integrationId, conversationId);
    expect(waiting, JSON.stringify(held)).to.deep.include({ sessionLookup: 'pending', exportStatus: 'pending' });
    expect(uploaded(waiting!.id)).to.equal(undefined);

    const lookupRow = () =>
      h.t.db.sessionLookup.findUniqueOrThrow({
        where: { accountId_externalId: { accountId: IDS.account, externalId: String(sessionId) } },
      });
    await waitFor('a lookup that did not find the session yet', async () => {
      const row = await lookupRow();
      return row.status === 'pending' && row.attempts >= 1 ? row : undefined;
    });
    dataApi.addCabinetSession(session);
    const chat = await exported(conversationId);

    expect(chat).to.deep.include({
      sessionLookup: 'found',
      attributionKind: 'session',
      campaignId: IDS.campaignYandex,
    });
    expect(uploaded(chat.id)).to.deep.include({ visitor_session_id: sessionId });
    const lookup = await lookupRow();
    expect(lookup.status).to.equal('found');
    expect(lookup.attempts).to.be.greaterThan(1);
  });

  it('calls a session never in the cabinet unknown and exports the chat on the default once the bound passed', async () => {
    const visitorId = next();
    const sessionId = next();
    const conversationId = await importChat(visitorId, sessionId, new Date(Date.now() - 6 * 60_000));

    const chat = await exported(conversationId);
    const lookup = await h.t.db.sessionLookup.findUniqueOrThrow({
      where: { accountId_externalId: { accountId: IDS.account, externalId: String(sessionId) } },
    });
    expect(lookup.status).to.equal('unknown');
    expect(chat).to.deep.include({
      sessionLookup: 'unknown',
      attributionKind: 'default',
      campaignId: IDS.campaignDefault,
    });
    // The export waited for the lookup: not before its bound.
    expect(chat.exportedAt!.getTime()).to.be.at.least(lookup.giveUpAt.getTime());
    expect(uploaded(chat.id)).to.deep.include({ campaign_id: COMAGIC.campaignDefault });
    expect(uploaded(chat.id)).to.not.have.property('visitor_session_id');
  });

  it("reads the report once for two chats of one visitor, and stores both of the visitor's sessions", async () => {
    const visitorId = next();
    const [first, second] = [next(), next()];
    const startedAt = new Date(Date.now() - 30 * 60_000);
    for (const id of [first, second])
      dataApi.addCabinetSession({ id, visitorId, startedAt, siteId: COMAGIC.site, campaignId: COMAGIC.campaignYandex });
    // Both chats are waiting before any run starts, as when they arrive together.
    await lookups.queue.pause();
    const before = reportCalls();
    const conversations = [
      await importChat(visitorId, first, startedAt),
      await importChat(visitorId, second, startedAt),
    ];
    await lookups.queue.resume();

    for (const conversationId of conversations) {
      const chat = await exported(conversationId);
      expect(chat).to.deep.include({ sessionLookup: 'found', attributionKind: 'session' });
    }
    expect(reportCalls() - before).to.equal(1);
  });
  it('re-attributes a chat exported on the default once a later chat finds its session, without uploading it again', async () => {
    const visitorId = next();
    const sessionId = next();
    const startedAt = new Date(Date.now() - 8 * 60_000);
    const early = await importChat(visitorId, sessionId, startedAt);
    const settled = await exported(early);
    expect(settled).to.deep.include({ sessionLookup: 'unknown', attributionKind: 'default' });

    // The cabinet lists the session now; another chat of it asks again.
    dataApi.addCabinetSession({
      id: sessionId,
      visitorId,
      startedAt,
      siteId: COMAGIC.site,
      campaignId: COMAGIC.campaignYandex,
    });
    const later = await importChat(visitorId, sessionId, startedAt);
    await exported(later);

    const chat = await waitFor(
      'the early chat re-attributed',
      async () => {
        const row = await h.chat(integrationId, early);
        return row?.sessionLookup === 'found' ? row : undefined;
      },
      20_000,
      50,
    );
    expect(chat).to.deep.include({
      attributionKind: 'session',
      campaignId: IDS.campaignYandex,
      exportStatus: 'exported',
      exportError: SESSION_FOUND_AFTER_EXPORT_NOTE,
    });
    expect(dataApi.chats.get(chat.id)).to.deep.include({ uploads: 1 });
    expect(uploaded(chat.id)).to.deep.include({ campaign_id: COMAGIC.campaignDefault });
  });

  it("exports a returning visitor's two questions as two chats, each with its own cabinet session", async () => {
    const visitorId = next();
    const [oldSession, newSession] = [next(), next()];
    const day = 86_400;
    const t = Math.floor(Date.now() / 1000);
    const starts = [t - 30 * day, t - 300];
    dataApi.addCabinetSession({
      id: oldSession,
      visitorId,
      startedAt: new Date((starts[0]! - 600) * 1000),
      siteId: COMAGIC.site,
      campaignId: COMAGIC.campaignYandex,
    });
    dataApi.addCabinetSession({
      id: newSession,
      visitorId,
      startedAt: new Date((starts[1]! - 600) * 1000),
      siteId: COMAGIC.site,
      campaignId: COMAGIC.campaignWhatsapp,
    });
    const capture = (sessionId: number, at: number) => ({
      [SESSION_PROPS.sessionId]: String(sessionId),
      [SESSION_PROPS.visitorId]: String(visitorId),
      [SESSION_PROPS.sessionStartedAt]: at - 600,
    });
    const conversationId = String(next());
    h.fake.addChat(carrotKey, {
      conversationId,
      userId: String(1_039_000_000 + next()),
      phone: '+79123456789',
      questions: [{ startedAt: starts[0]!, closedPart: true }],
      propsCustom: capture(oldSession, starts[0]!),
    });
    await h.run(h.jobData(integrationId, conversationId));
    const first = await exported(conversationId);
    h.fake.addQuestion(carrotKey, conversationId, {
      startedAt: starts[1]!,
      closedPart: true,
      propsCustom: capture(newSession, starts[1]!),
    });
    await h.run(h.jobData(integrationId, conversationId));
    await waitFor('both questions exported', async () => {
      const chats = await h.chats(integrationId, conversationId);
      return chats.length === 2 && chats.every((c) => c.exportStatus === 'exported');
    });
    const chats = await h.chats(integrationId, conversationId);
    expect(chats.map((c) => [c.attributionKind, c.campaignId])).to.deep.equal([
      ['session', IDS.campaignYandex],
      ['session', IDS.campaignWhatsapp],
    ]);
    expect(chats.map((c) => uploaded(c.id)?.visitor_session_id)).to.deep.equal([oldSession, newSession]);
    // The first question was uploaded once: the second one's arrival did not send it again.
    expect(dataApi.chats.get(first.id)).to.deep.include({ uploads: 1 });
  });

  it('splits a chat stored before the upgrade: the first question keeps its id and export state, the later one is exported alone', async () => {
    const t = Math.floor(Date.now() / 1000);
    const conversationId = String(next());
    const userId = String(1_039_000_000 + next());
    const { parts } = h.fake.addChat(carrotKey, {
      conversationId,
      userId,
      phone: '+79123456789',
      questions: [
        { startedAt: t - 20 * 86_400, texts: ['Старый вопрос', 'Ответ'] },
        { startedAt: t - 600, texts: ['Новый вопрос', 'Ответ'] },
      ],
    });
    // What the previous version stored: one chat for the whole conversation, exported long ago.
    const exportedAt = new Date(Date.now() - 19 * 86_400_000);
    const legacy = await h.t.db.chat.create({
      data: {
        accountId: IDS.account,
        integrationId,
        conversationId,
        questionId: null,
        carrotUserId: userId,
        channel: 'widget',
        startedAt: new Date((t - 20 * 86_400) * 1000),
        attributionKind: 'default',
        campaignId: IDS.campaignDefault,
        messagesCount: 4,
        exportStatus: 'exported',
        exportRemoteId: 'remote-legacy',
        exportedAt,
        messages: {
          create: parts.map((part) => ({
            partId: String(part.id),
            sentAt: new Date(Number(part.created) * 1000),
            author: part.type === 'reply_user' ? 'visitor' : 'operator',
            partType: String(part.type),
            text: String(part.body),
          })),
        },
      },
    });
    const uploadsBefore = dataApi.calls.filter((c) => c.method === 'upload.chats').length;

    await h.run(h.jobData(integrationId, conversationId));
    await waitFor('the new question exported', async () => {
      const chats = await h.chats(integrationId, conversationId);
      return chats.length === 2 && chats[1]!.exportStatus === 'exported';
    });
    const [kept, later] = await h.chats(integrationId, conversationId);
    expect(kept).to.deep.include({
      id: legacy.id,
      exportStatus: 'exported',
      exportRemoteId: 'remote-legacy',
      exportedAt,
      attributionKind: 'default',
      messagesCount: 2,
    });
    expect(kept!.questionId).to.not.equal(null);
    expect(kept!.messages.map((m) => m.text)).to.deep.equal(['Старый вопрос', 'Ответ']);
    expect(later!.messages.map((m) => m.text)).to.deep.equal(['Новый вопрос', 'Ответ']);
    expect(dataApi.chats.has(legacy.id), 'the kept chat is not uploaded again').to.equal(false);
    expect(uploaded(later!.id)).to.have.property('ext_id', later!.id);
    expect(dataApi.calls.filter((c) => c.method === 'upload.chats').length - uploadsBefore).to.equal(1);
  });
});
