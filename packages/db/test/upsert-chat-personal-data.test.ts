import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import {
  findLatestErasure,
  findStoredQuestions,
  upsertChat,
  type ChatMessageRecord,
  type ChatRecord,
} from '../src/index';

// Issue #25 on real PostgreSQL: the write statement never puts an erased chat's personal data back, and a
// part CarrotQuest removed loses its stored text (docs/personal-data.md).
describe('upsertChat and personal data (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;

  before(async () => {
    t = await createTestDatabase('db_upsert_personal_data');
    fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.25.key');
  });
  after(async () => t?.drop());

  const chat = (conversationId: string, over: Partial<ChatRecord> = {}): ChatRecord =>
    chatRecordFixture(fx, conversationId, {
      contactName: 'Ирина Соколова',
      contactPhone: '+79161234567',
      contactEmail: 'irina@example.ru',
      sessionExternalId: '4411928373',
      sessionVisitorId: 'v-77',
      firstVisitorMessage: 'Мой телефон +7 916 123-45-67',
      ...over,
    });
  const message = (partId: string, text: string | null, removedAt: Date | null = null): ChatMessageRecord => ({
    partId,
    sentAt: new Date(Date.UTC(2026, 10, 25, 7, 40, Number(partId))),
    author: 'visitor',
    partType: 'reply_user',
    operatorName: null,
    text,
    removedAt,
  });
  const stored = (chatId: string) =>
    t.db.chat.findUniqueOrThrow({ where: { id: chatId }, include: { messages: { orderBy: { partId: 'asc' } } } });
  const personalData = (c: Awaited<ReturnType<typeof stored>>) => ({
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    contactEmail: c.contactEmail,
    firstVisitorMessage: c.firstVisitorMessage,
    sessionVisitorId: c.sessionVisitorId,
    exportError: c.exportError,
    texts: c.messages.map((m) => m.text),
  });
  const NOTHING = {
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    firstVisitorMessage: null,
    sessionVisitorId: null,
    exportError: null,
  };

  it('a re-import of an erased chat, with a new message, brings none of its personal data back', async () => {
    const { chatId } = await upsertChat(t.db, chat('100'), [message('1', 'Мой телефон +7 916 123-45-67')], null);
    const erasedAt = new Date('2026-12-01T10:00:00.000Z');
    // What an erasure leaves (Part A's erasePersonalDataOfChats does this).
    await t.db.chat.update({
      where: { id: chatId },
      data: { ...NOTHING, personalDataErasedAt: erasedAt, personalDataErasure: 'request' },
    });
    await t.db.chatMessage.updateMany({ where: { chatId }, data: { text: null } });

    const again = await upsertChat(
      t.db,
      chat('100', { messagesCount: 3 }),
      [message('1', 'Мой телефон +7 916 123-45-67'), message('2', 'Пишите на irina@example.ru')],
      null,
      true,
    );
    expect(again.chatId).to.equal(chatId);
    const row = await stored(chatId);
    expect(personalData(row)).to.deep.equal({ ...NOTHING, texts: [null, null] });
    expect(row).to.deep.include({ personalDataErasedAt: erasedAt, personalDataErasure: 'request', messagesCount: 3 });
    expect(row.messages.map((m) => m.partId)).to.deep.equal(['1', '2']);
    // What is not personal data is still updated.
    expect(row.exportStatus).to.equal('pending');
  });

  it('an erased chat gets no visit link back from a re-import; a record erased on request is written without one', async () => {
    // The tracker uploaded the session again after the erasure: the import finds it and links the record.
    const session = await t.db.visitorSession.create({
      data: {
        accountId: fx.accountId,
        externalId: 'sess-25',
        siteId: fx.siteId,
        startedAt: new Date(),
        visitorId: 'v-77',
      },
    });
    const link = {
      sessionExternalId: 'sess-25',
      sessionStartedAt: new Date('2026-11-25T07:30:00.000Z'),
      sessionLookup: 'pending' as const,
      visitorSessionId: session.id,
    };
    const visitLink = async (chatId: string) => {
      const row = await stored(chatId);
      return {
        sessionExternalId: row.sessionExternalId,
        sessionStartedAt: row.sessionStartedAt,
        sessionLookup: row.sessionLookup,
        visitorSessionId: row.visitorSessionId,
        sessionVisitorId: row.sessionVisitorId,
      };
    };
    const NO_LINK = {
      sessionExternalId: null,
      sessionStartedAt: null,
      sessionLookup: null,
      visitorSessionId: null,
      sessionVisitorId: null,
    };
    const { chatId } = await upsertChat(t.db, chat('600', link), [], null);
    expect(await visitLink(chatId)).to.deep.equal({ ...link, sessionVisitorId: 'v-77' });
    // What an erasure on request leaves (erasePersonalDataOfChats).
    await t.db.chat.update({
      where: { id: chatId },
      data: { ...NOTHING, ...NO_LINK, personalDataErasedAt: new Date(), personalDataErasure: 'request' },
    });
    await upsertChat(t.db, chat('600', link), [], null);
    expect(await visitLink(chatId)).to.deep.equal(NO_LINK);

    const erasedAt = new Date('2026-12-01T10:00:00.000Z');
    const fresh = await upsertChat(
      t.db,
      chat('601', { ...link, personalDataErasedAt: erasedAt, personalDataErasure: 'request' }),
      [],
      null,
    );
    expect(await visitLink(fresh.chatId)).to.deep.equal(NO_LINK);
    // The retention empties what names the person, not the visit (its sweep keeps the link too).
    const old = await upsertChat(
      t.db,
      chat('602', { ...link, personalDataErasedAt: erasedAt, personalDataErasure: 'retention' }),
      [],
      null,
    );
    expect(await visitLink(old.chatId)).to.deep.equal({ ...link, sessionVisitorId: null });
    // ... and a re-import with another capture leaves the erased row's link as it is.
    await upsertChat(t.db, chat('602', { ...link, sessionExternalId: 'sess-other', sessionStartedAt: null }), [], null);
    expect(await visitLink(old.chatId)).to.deep.equal({ ...link, sessionVisitorId: null });
  });

  it('a record written stripped is stored stripped, new or stored before with its texts and export error', async () => {
    const erasedAt = new Date('2026-12-02T00:00:00.000Z');
    const fresh = await upsertChat(
      t.db,
      chat('200', { personalDataErasedAt: erasedAt, personalDataErasure: 'retention' }),
      [message('1', 'Мой телефон +7 916 123-45-67')],
      null,
    );
    const freshRow = await stored(fresh.chatId);
    expect(personalData(freshRow)).to.deep.equal({ ...NOTHING, texts: [null] });
    expect(freshRow).to.deep.include({ personalDataErasedAt: erasedAt, personalDataErasure: 'retention' });

    const before = await upsertChat(t.db, chat('201'), [message('1', 'раз'), message('2', 'два')], null);
    await t.db.chat.update({
      where: { id: before.chatId },
      data: { exportStatus: 'failed', exportError: 'phone: +79161234567 is not valid' },
    });
    await upsertChat(
      t.db,
      chat('201', { personalDataErasedAt: erasedAt, personalDataErasure: 'request' }),
      [message('2', 'два'), message('3', 'три')],
      null,
    );
    const row = await stored(before.chatId);
    expect(personalData(row)).to.deep.equal({ ...NOTHING, texts: [null, null, null] });
    expect(row).to.deep.include({ personalDataErasedAt: erasedAt, personalDataErasure: 'request' });
  });

  it('an erased chat keeps its own erasure when a later record carries another', async () => {
    const first = new Date('2026-12-03T00:00:00.000Z');
    const { chatId } = await upsertChat(
      t.db,
      chat('300', { personalDataErasedAt: first, personalDataErasure: 'retention' }),
      [],
      null,
    );
    await upsertChat(
      t.db,
      chat('300', { personalDataErasedAt: new Date('2026-12-04T00:00:00.000Z'), personalDataErasure: 'request' }),
      [],
      null,
    );
    expect(await stored(chatId)).to.deep.include({ personalDataErasedAt: first, personalDataErasure: 'retention' });
  });

  it('a part CarrotQuest removed loses its stored text, keeps its row; the others keep theirs', async () => {
    const { chatId } = await upsertChat(
      t.db,
      chat('400'),
      [message('1', 'мой номер 89161234567'), message('2', 'ок')],
      null,
    );
    const ids = (await stored(chatId)).messages.map((m) => m.id);
    const removedAt = new Date('2026-12-05T08:00:00.000Z');
    await upsertChat(
      t.db,
      chat('400'),
      // The record's text is what CarrotQuest still sends (the docs do not say it drops it).
      [message('1', 'мой номер 89161234567', removedAt), message('2', 'ок'), message('3', null, removedAt)],
      null,
    );
    const row = await stored(chatId);
    expect(row.messages.map((m) => [m.partId, m.text, m.removedAt])).to.deep.equal([
      ['1', null, removedAt],
      ['2', 'ок', null],
      ['3', null, removedAt],
    ]);
    expect(row.messages.slice(0, 2).map((m) => m.id)).to.deep.equal(ids);

    // A later read without `removed` never brings the text back.
    await upsertChat(t.db, chat('400'), [message('1', 'мой номер 89161234567'), message('2', 'ок')], null);
    expect((await stored(chatId)).messages.map((m) => [m.text, m.removedAt])).to.deep.equal([
      [null, removedAt],
      ['ок', null],
      [null, removedAt],
    ]);

    const [questions] = await findStoredQuestions(t.sql, [{ integrationId: fx.integrationId, conversationId: '400' }]);
    expect(questions!.map((q) => [q.partIds.sort(), q.removedPartIds.sort(), q.personalDataErasedAt])).to.deep.equal([
      [['1', '2', '3'], ['1', '3'], null],
    ]);
  });

  it('a stored question tells whether and when it was erased', async () => {
    const erasedAt = new Date('2026-12-06T00:00:00.000Z');
    await upsertChat(t.db, chat('500', { personalDataErasedAt: erasedAt, personalDataErasure: 'request' }), [], null);
    const [questions] = await findStoredQuestions(t.sql, [{ integrationId: fx.integrationId, conversationId: '500' }]);
    expect(questions!.map((q) => [q.personalDataErasedAt?.toISOString(), q.personalDataErasure])).to.deep.equal([
      [erasedAt.toISOString(), 'request'],
    ]);
  });

  it('findLatestErasure: the newest erasure of the given digests, of this account only', async () => {
    const other = randomUUID();
    await t.db.account.create({ data: { id: other, name: 'Чужой' } });
    const erasureId = randomUUID();
    await t.db.erasedSubject.createMany({
      data: [
        { accountId: fx.accountId, digest: 'd-phone', erasedAt: new Date('2026-12-01T00:00:00.000Z'), erasureId },
        { accountId: fx.accountId, digest: 'd-user', erasedAt: new Date('2026-12-07T12:30:00.123Z'), erasureId },
        { accountId: other, digest: 'd-email', erasedAt: new Date('2026-12-09T00:00:00.000Z'), erasureId },
      ],
    });
    expect((await findLatestErasure(t.sql, fx.accountId, ['d-phone', 'd-user', 'd-none']))?.toISOString()).to.equal(
      '2026-12-07T12:30:00.123Z',
    );
    expect((await findLatestErasure(t.sql, fx.accountId, ['d-phone']))?.toISOString()).to.equal(
      '2026-12-01T00:00:00.000Z',
    );
    expect(await findLatestErasure(t.sql, fx.accountId, ['d-email'])).to.equal(null);
    expect(await findLatestErasure(t.sql, fx.accountId, [])).to.equal(null);
  });
});
