import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  integrationRow,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import {
  accountPhoneRegions,
  completeErasureAct,
  erasePersonalDataOfChats,
  findErasureAct,
  findErasureTargets,
  getRetentionSettings,
  listErasureActs,
  rememberErasedSubjects,
  saveErasureAct,
  setRetentionDays,
  type ChatRecord,
  type NewErasureAct,
} from '../src/index';

const PHONE = '+79161234567';
const EMAIL = 'petr@example.ru';
const STRANGER_PHONE = '+79035556677';

describe('personal data queries (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let box: SecretBox;
  let fx: IntegrationFixture;
  let uisIntegrationId: string;
  let otherAccount: IntegrationFixture;
  /** Chat ids by name. */
  const chat: Record<string, string> = {};
  const session: Record<string, string> = {};

  /** A chat written as the import would, with three messages (two with text) and an export. */
  async function addChat(name: string, conversationId: string, over: Partial<ChatRecord>, at = fx) {
    const record = chatRecordFixture(at, conversationId, {
      startedAt: new Date(`2026-11-${10 + Object.keys(chat).length}T08:15:30.123Z`),
      contactEmail: null,
      campaignId: null,
      ...over,
    });
    const row = await t.db.chat.create({
      data: {
        ...record,
        exportStatus: 'exported',
        exportRemoteId: `remote-${conversationId}`,
        exportedAt: new Date('2026-11-30T00:00:00.000Z'),
        exportError: over.contactPhone ? `Data API: value ${over.contactPhone} refused` : null,
        messages: {
          create: [
            {
              partId: `${conversationId}-1`,
              sentAt: record.startedAt,
              author: 'visitor',
              partType: 'reply_user',
              text: `Меня зовут ${record.contactName}`,
            },
            {
              partId: `${conversationId}-2`,
              sentAt: record.startedAt,
              author: 'operator',
              partType: 'reply_admin',
              text: 'Здравствуйте!',
            },
            {
              partId: `${conversationId}-3`,
              sentAt: record.startedAt,
              author: 'operator',
              partType: 'assigned',
              text: null,
            },
          ],
        },
      },
    });
    chat[name] = row.id;
    return row.id;
  }

  async function addSession(name: string, externalId: string, visitorId = `visitor-${name}`, at = fx) {
    const row = await t.db.visitorSession.create({
      data: {
        accountId: at.accountId,
        externalId,
        siteId: at.siteId,
        startedAt: new Date(),
        visitorId,
        ymClientId: `ym-${name}`,
      },
    });
    session[name] = row.id;
    return row.id;
  }

  const chatRow = (name: string) =>
    t.db.chat.findUniqueOrThrow({ where: { id: chat[name]! }, include: { messages: { orderBy: { partId: 'asc' } } } });

  before(async () => {
    t = await createTestDatabase('db_personal_data');
    box = new SecretBox(randomBytes(32).toString('base64'));
    fx = await insertIntegration(t.db, box, 'app.1.key', 'Personal data');
    const uis = integrationRow(
      box,
      { accountId: fx.accountId, apiKey: 'app.2.key' },
      { phoneRegion: 'KZ', exportBrand: 'uis' },
    );
    await t.db.carrotQuestIntegration.create({ data: uis.data });
    uisIntegrationId = uis.data.id!;
    const gone = integrationRow(
      box,
      { accountId: fx.accountId, apiKey: 'app.3.key' },
      { phoneRegion: 'BY', deletedAt: new Date() },
    );
    await t.db.carrotQuestIntegration.create({ data: gone.data });
    await t.db.carrotQuestIntegration.update({ where: { id: fx.integrationId }, data: { exportBrand: 'comagic' } });
    otherAccount = await insertIntegration(t.db, box, 'app.4.key', 'Another account');
    const campaignId = (await t.db.campaign.findFirstOrThrow({ where: { accountId: fx.accountId } })).id;

    // Пётр: user 5001 left his phone in one chat and his e-mail in another; as user 5002 (another
    // device) he left the same phone in a chat of the UIS integration.
    await addSession('petr', 'sess-petr');
    await addSession('petrLater', 'sess-petr-2');
    await addChat('phoneChat', '100', {
      carrotUserId: '5001',
      contactName: 'Пётр Иванов',
      contactPhone: PHONE,
      sessionExternalId: 'sess-petr',
      sessionVisitorId: 'visitor-petr',
      sessionStartedAt: new Date('2026-11-10T08:00:00.000Z'),
      sessionLookup: 'pending',
      visitorSessionId: session.petr!,
      attributionKind: 'session',
      campaignId,
      utmSource: 'yandex',
      referrer: 'https://ya.ru/',
    });
    await addChat('emailChat', '101', {
      carrotUserId: '5001',
      contactName: 'Пётр',
      contactPhone: null,
      contactEmail: EMAIL,
      sessionExternalId: 'sess-petr-2',
    });
    await addChat('otherDevice', '200', {
      integrationId: uisIntegrationId,
      carrotUserId: '5002',
      contactName: 'П.',
      contactPhone: PHONE,
    });
    // Someone else who once typed Пётр's e-mail (user 5003): found by the e-mail, not by the phone.
    await addChat('emailElsewhere', '300', {
      carrotUserId: '5003',
      contactName: 'Секретарь',
      contactPhone: null,
      contactEmail: EMAIL,
    });
    // Ольга: another visitor, with her own session and lookup.
    await addSession('olga', 'sess-olga');
    await addChat('olga', '400', {
      carrotUserId: '6001',
      contactName: 'Ольга',
      contactPhone: STRANGER_PHONE,
      sessionExternalId: 'sess-olga',
      sessionVisitorId: 'visitor-olga',
      visitorSessionId: session.olga!,
      attributionKind: 'session',
      campaignId,
    });
    // A chat of another visitor on Пётр's browser session (a shared computer).
    await addChat('sharedBrowser', '500', {
      carrotUserId: '7001',
      contactName: 'Гость',
      contactPhone: null,
      visitorSessionId: session.petr!,
      attributionKind: 'session',
      campaignId,
    });
    // The same phone in another account is another operator's data.
    await addChat('otherAccount', '600', { carrotUserId: '5001', contactPhone: PHONE }, otherAccount);
    // Пётр's visit no chat of his names (another tab, read from the cabinet): found by his tracker
    // visitor id; the same visitor id in another account is that account's data.
    await addSession('petrUnlinked', 'sess-petr-3', 'visitor-petr');
    await addSession('petrOtherAccount', 'sess-petr', 'visitor-petr', otherAccount);
    for (const [externalId, visitorId] of [
      ['sess-petr', 'visitor-petr'],
      ['sess-petr-4', 'visitor-petr'],
      ['sess-olga', 'visitor-olga'],
    ] as const)
      await t.db.sessionLookup.create({
        data: { accountId: fx.accountId, externalId, visitorId, around: new Date(), giveUpAt: new Date() },
      });
  });
  after(async () => t?.drop());

  const chatIdsOf = (targets: Awaited<ReturnType<typeof findErasureTargets>>) => targets.chats.map((c) => c.chatId);

  describe('findErasureTargets', () => {
    it('by phone: the chats with it, and one step on by their user ids (the e-mail chat of the same user)', async () => {
      const targets = await findErasureTargets(t.db, fx.accountId, { kind: 'phone', value: PHONE });
      expect(chatIdsOf(targets)).to.deep.equal([chat.phoneChat, chat.emailChat, chat.otherDevice]);
      expect(targets.identifiers).to.deep.equal([
        { kind: 'phone', value: PHONE },
        { kind: 'carrot_user', value: '5001' },
        { kind: 'carrot_user', value: '5002' },
      ]);
      const first = targets.chats[0]!;
      expect(first).to.deep.equal({
        chatId: chat.phoneChat,
        integrationId: fx.integrationId,
        conversationId: '100',
        questionId: '1',
        startedAt: new Date('2026-11-10T08:15:30.123Z'),
        carrotUserId: '5001',
        exportStatus: 'exported',
        exportRemoteId: 'remote-100',
        exportedAt: new Date('2026-11-30T00:00:00.000Z'),
        exportBrand: 'comagic',
        sessionExternalId: 'sess-petr',
        visitorSessionId: session.petr,
        contactName: 'Пётр Иванов',
        contactPhone: PHONE,
        contactEmail: null,
      });
      expect(targets.chats[2]).to.deep.include({ exportBrand: 'uis', integrationId: uisIntegrationId });
    });

    it('by e-mail: its chats and their users’ chats, not the chats of the phone those never carried', async () => {
      const targets = await findErasureTargets(t.db, fx.accountId, { kind: 'email', value: EMAIL });
      expect(chatIdsOf(targets)).to.deep.equal([chat.phoneChat, chat.emailChat, chat.emailElsewhere]);
      expect(targets.identifiers).to.deep.equal([
        { kind: 'email', value: EMAIL },
        { kind: 'carrot_user', value: '5001' },
        { kind: 'carrot_user', value: '5003' },
      ]);
    });

    it('by CarrotQuest user: one step only (the phone of its chat, not that phone’s other users)', async () => {
      const targets = await findErasureTargets(t.db, fx.accountId, { kind: 'carrot_user', value: '5002' });
      expect(chatIdsOf(targets)).to.deep.equal([chat.phoneChat, chat.otherDevice]);
      expect(targets.identifiers).to.deep.equal([
        { kind: 'carrot_user', value: '5002' },
        { kind: 'phone', value: PHONE },
      ]);
    });

    it('matches nobody: no chats, the criterion alone; and never another account’s chats', async () => {
      expect(await findErasureTargets(t.db, fx.accountId, { kind: 'phone', value: '+79990000000' })).to.deep.equal({
        chats: [],
        identifiers: [{ kind: 'phone', value: '+79990000000' }],
      });
      const mine = await findErasureTargets(t.db, otherAccount.accountId, { kind: 'phone', value: PHONE });
      expect(chatIdsOf(mine)).to.deep.equal([chat.otherAccount]);
    });
  });

  describe('erasePersonalDataOfChats', () => {
    const REPORT_COLUMNS = [
      'startedAt',
      'resolvedAt',
      'channel',
      'attributionKind',
      'campaignId',
      'sourceId',
      'siteId',
      'employeeId',
      'messagesCount',
      'carrotUserId',
      'conversationId',
      'questionId',
      'exportStatus',
      'exportRemoteId',
      'exportedAt',
      'utmSource',
      'referrer',
    ] as const;
    const reportColumns = (row: Record<string, unknown>) => Object.fromEntries(REPORT_COLUMNS.map((c) => [c, row[c]]));

    it('empties what names the person, keeps what the report counts, deletes their sessions and lookups, leaves others alone', async () => {
      const targets = await findErasureTargets(t.db, fx.accountId, { kind: 'phone', value: PHONE });
      const names = ['phoneChat', 'emailChat', 'otherDevice'];
      const before = await Promise.all(names.map(chatRow));
      const olgaBefore = await chatRow('olga');
      const sharedBefore = await chatRow('sharedBrowser');
      const otherAccountBefore = await chatRow('otherAccount');
      const at = new Date('2026-12-01T10:00:00.000Z');

      // Another account's chat id in the list is not this account's to erase.
      const counts = await erasePersonalDataOfChats(
        t.db,
        fx.accountId,
        [...chatIdsOf(targets), chat.otherAccount!],
        'request',
        at,
      );
      expect(counts).to.deep.equal({ chats: 3, messages: 6, visitorSessions: 3, sessionLookups: 2 });

      const after = await Promise.all(names.map(chatRow));
      after.forEach((row, i) => {
        expect(row).to.deep.include({
          contactName: null,
          contactPhone: null,
          contactEmail: null,
          firstVisitorMessage: null,
          exportError: null,
          sessionVisitorId: null,
          visitorSessionId: null,
          sessionExternalId: null,
          sessionStartedAt: null,
          sessionLookup: null,
          personalDataErasedAt: at,
          personalDataErasure: 'request',
        });
        expect(reportColumns(row)).to.deep.equal(reportColumns(before[i]!));
        expect(row.messages.map((m) => [m.partId, m.author, m.partType, m.text])).to.deep.equal(
          before[i]!.messages.map((m) => [m.partId, m.author, m.partType, null]),
        );
      });
      expect(before[0]!.contactPhone).to.equal(PHONE);
      expect(before[0]!.exportError).to.include(PHONE);
      expect(before[0]).to.deep.include({ sessionExternalId: 'sess-petr', sessionLookup: 'pending' });
      expect(before[0]!.sessionStartedAt).to.be.instanceOf(Date);

      // Пётр's three sessions (one linked, one named only by the tracker's session id, one only by his
      // visitor id) and his two lookups are gone; the stranger on his browser lets go of the session and
      // keeps the attribution copied on the chat.
      expect(
        await t.db.visitorSession.count({
          where: { id: { in: [session.petr!, session.petrLater!, session.petrUnlinked!] } },
        }),
      ).to.equal(0);
      expect(await t.db.visitorSession.count({ where: { id: session.petrOtherAccount! } })).to.equal(1);
      expect(
        await t.db.sessionLookup.findMany({ where: { accountId: fx.accountId }, select: { externalId: true } }),
      ).to.deep.equal([{ externalId: 'sess-olga' }]);
      const shared = await chatRow('sharedBrowser');
      expect(shared).to.deep.equal({ ...sharedBefore, visitorSessionId: null, updatedAt: shared.updatedAt });
      expect(shared.contactName).to.equal('Гость');

      expect(await chatRow('olga')).to.deep.equal(olgaBefore);
      expect(await t.db.visitorSession.count({ where: { id: session.olga! } })).to.equal(1);
      expect(await chatRow('otherAccount')).to.deep.equal(otherAccountBefore);
      expect((await chatRow('emailElsewhere')).contactEmail).to.equal(EMAIL);
    });

    it('is idempotent: erasing again changes nothing and keeps the first erasure time', async () => {
      const ids = [chat.phoneChat!, chat.emailChat!, chat.otherDevice!];
      const again = await erasePersonalDataOfChats(
        t.db,
        fx.accountId,
        ids,
        'retention',
        new Date('2026-12-05T00:00:00Z'),
      );
      expect(again).to.deep.equal({ chats: 0, messages: 0, visitorSessions: 0, sessionLookups: 0 });
      expect((await chatRow('phoneChat')).personalDataErasedAt).to.deep.equal(new Date('2026-12-01T10:00:00.000Z'));
      expect((await chatRow('phoneChat')).personalDataErasure).to.equal('request');
      expect(await erasePersonalDataOfChats(t.db, fx.accountId, [], 'request', new Date())).to.deep.equal({
        chats: 0,
        messages: 0,
        visitorSessions: 0,
        sessionLookups: 0,
      });
    });

    it('marks a chat with nothing personal left as erased (retention counts it once)', async () => {
      const id = await addChat('bare', '700', {
        carrotUserId: '8001',
        contactName: null,
        contactPhone: null,
        firstVisitorMessage: null,
      });
      await t.db.chatMessage.updateMany({ where: { chatId: id }, data: { text: null } });
      const at = new Date('2026-12-02T00:00:00.000Z');
      expect(await erasePersonalDataOfChats(t.db, fx.accountId, [id], 'retention', at)).to.deep.equal({
        chats: 1,
        messages: 0,
        visitorSessions: 0,
        sessionLookups: 0,
      });
      expect(await chatRow('bare')).to.deep.include({ personalDataErasedAt: at, personalDataErasure: 'retention' });
      expect((await erasePersonalDataOfChats(t.db, fx.accountId, [id], 'retention', new Date())).chats).to.equal(0);
    });
  });

  it('remembers erased subjects by digest, each once, keeping the latest erasure', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const early = new Date('2026-12-01T10:00:00.000Z');
    const late = new Date('2026-12-03T10:00:00.000Z');
    expect(await rememberErasedSubjects(t.db, fx.accountId, first, ['d-phone', 'd-user', 'd-phone'], late)).to.equal(2);
    expect(await rememberErasedSubjects(t.db, fx.accountId, second, ['d-phone'], early)).to.equal(1);
    expect(await rememberErasedSubjects(t.db, fx.accountId, second, [], early)).to.equal(0);
    const rows = () =>
      t.db.erasedSubject.findMany({
        where: { accountId: fx.accountId },
        orderBy: { digest: 'asc' },
        select: { digest: true, erasedAt: true, erasureId: true },
      });
    expect(await rows()).to.deep.equal([
      { digest: 'd-phone', erasedAt: late, erasureId: first },
      { digest: 'd-user', erasedAt: late, erasureId: first },
    ]);
    const later = new Date('2026-12-04T10:00:00.000Z');
    await rememberErasedSubjects(t.db, fx.accountId, second, ['d-user'], later);
    expect((await rows())[1]).to.deep.equal({ digest: 'd-user', erasedAt: later, erasureId: second });
    expect(await t.db.erasedSubject.count({ where: { accountId: otherAccount.accountId } })).to.equal(0);
  });

  it('saves, completes and lists acts newest first, a page at a time; finds one only in its account', async () => {
    const act = (requestedAt: string, accountId = fx.accountId): NewErasureAct => ({
      accountId,
      requestedAt: new Date(requestedAt),
      requestedBy: 'subject',
      actorKind: 'person',
      actorId: randomUUID(),
      actorLabel: 'owner@example.ru',
      criterionKind: 'phone',
      criterionDigest: 'digest',
    });
    const oldest = await saveErasureAct(t.db, act('2026-12-01T10:00:00.000Z'));
    const tieA = await saveErasureAct(t.db, act('2026-12-02T10:00:00.000Z'));
    const tieB = await saveErasureAct(t.db, act('2026-12-02T10:00:00.000Z'));
    const newest = await saveErasureAct(t.db, act('2026-12-03T10:00:00.000Z'));
    const foreign = await saveErasureAct(t.db, act('2026-12-04T10:00:00.000Z', otherAccount.accountId));
    expect(oldest).to.deep.include({ counts: {}, chats: [], auditExtract: null, completedAt: null });

    const [tieHigh, tieLow] = [tieA, tieB].sort((a, b) => (a.id < b.id ? 1 : -1));
    const first = await listErasureActs(t.db, fx.accountId, { limit: 2 });
    expect(first.acts.map((a) => a.id)).to.deep.equal([newest.id, tieHigh!.id]);
    expect(first.next).to.deep.equal({ requestedAt: tieHigh!.requestedAt, id: tieHigh!.id });
    const second = await listErasureActs(t.db, fx.accountId, { limit: 2, before: first.next! });
    expect(second.acts.map((a) => a.id)).to.deep.equal([tieLow!.id, oldest.id]);
    expect(second.next).to.equal(null);
    expect((await listErasureActs(t.db, fx.accountId)).acts).to.have.length(4);

    const completedAt = new Date('2026-12-03T10:00:01.000Z');
    const done = await completeErasureAct(t.db, newest.id, {
      counts: { chats: 3, messages: 6, compaction: 'requested' },
      chats: [{ chatId: chat.phoneChat!, exportRemoteId: 'remote-100' }],
      auditExtract: [{ action: 'personal_data.erased' }],
      completedAt,
    });
    expect(done).to.deep.include({ completedAt, counts: { chats: 3, messages: 6, compaction: 'requested' } });
    expect(await findErasureAct(t.db, fx.accountId, newest.id)).to.deep.equal(done);
    expect(await findErasureAct(t.db, fx.accountId, foreign.id)).to.equal(null);
    expect(await findErasureAct(t.db, fx.accountId, 'not-a-uuid')).to.equal(null);
  });

  it('lists the phone regions of the account’s integrations, deleted ones left out', async () => {
    expect(await accountPhoneRegions(t.db, fx.accountId)).to.deep.equal(['KZ', 'RU']);
    expect(await accountPhoneRegions(t.db, randomUUID())).to.deep.equal([]);
  });

  it('sets and reads the retention, and the sweep’s last run', async () => {
    expect(await getRetentionSettings(t.db, fx.accountId)).to.deep.equal({ days: null, state: null });
    expect(await setRetentionDays(t.db, fx.accountId, 30)).to.deep.equal({ from: null, to: 30 });
    expect(await setRetentionDays(t.db, fx.accountId, 365)).to.deep.equal({ from: 30, to: 365 });
    const state = await t.db.retentionState.create({
      data: {
        accountId: fx.accountId,
        lastStartedAt: new Date('2026-12-01T03:00:00Z'),
        lastFinishedAt: new Date('2026-12-01T03:00:02Z'),
        lastErased: 12,
      },
    });
    expect(await getRetentionSettings(t.db, fx.accountId)).to.deep.equal({ days: 365, state });
    expect((await getRetentionSettings(t.db, otherAccount.accountId)).days).to.equal(null);
    expect(await setRetentionDays(t.db, fx.accountId, null)).to.deep.equal({ from: 365, to: null });
    expect((await getRetentionSettings(t.db, fx.accountId)).days).to.equal(null);
  });

  it('makes the next sweep start from the beginning when the retention changes, not when it is saved again', async () => {
    const mark = new Date('2026-11-01T00:00:00Z');
    await setRetentionDays(t.db, fx.accountId, 30);
    await t.db.retentionState.upsert({
      where: { accountId: fx.accountId },
      create: { accountId: fx.accountId, erasedBefore: mark },
      update: { erasedBefore: mark },
    });
    const erasedBefore = async () => (await getRetentionSettings(t.db, fx.accountId)).state?.erasedBefore ?? null;
    await setRetentionDays(t.db, fx.accountId, 30);
    expect(await erasedBefore()).to.deep.equal(mark);
    await setRetentionDays(t.db, fx.accountId, null);
    expect(await erasedBefore()).to.equal(null);
    let refused: unknown;
    await setRetentionDays(t.db, randomUUID(), 30).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
  });
});
