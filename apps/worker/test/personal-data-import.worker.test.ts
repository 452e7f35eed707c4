import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { BatchedChatStore } from '@carrot-bridge/db';
import { criterionDigestInput, type ErasureCriterion } from '@carrot-bridge/domain';
import { personalDataDigest } from '@carrot-bridge/secrets';
import { ErasedSubjectLookup } from '../src/import/erased-subject-lookup';
import { ImportChatUseCase, type ImportOutcome } from '../src/import/import-chat.usecase';
import { IDS, WorkerHarness } from './worker-harness';

// Issue #25, the import's side (docs/personal-data.md): an erased person's chats are not filled again, their
// texts are never a contact source, a part CarrotQuest removed loses its text here, and a question past the
// account's retention is written without personal data. The real ImportChatUseCase against the fake
// CarrotQuest over HTTP (4 parts a page, newest first) and real PostgreSQL.

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const PHONE = '+79161234567';
const PHONE_TEXT = 'Мой телефон 8 (916) 123-45-67, перезвоните';

describe('personal data at import', function () {
  this.timeout(120_000);
  const h = new WorkerHarness();
  const secretsKey = randomBytes(32).toString('base64');
  let useCase: ImportChatUseCase;
  let sequence = 0;
  const nextConversation = () => String(925_000_000 + (sequence += 1) * 1000);
  const nextUser = () => String(1_925_000_000 + (sequence += 1));

  before(async () => {
    await h.start();
    useCase = new ImportChatUseCase({
      db: h.t.db,
      chats: new BatchedChatStore(h.t.sql),
      secretBox: h.secretBox,
      carrotQuestBaseUrl: h.fake.baseUrl,
      carrotQuestTimeoutMs: 2_000,
      erasedSubjects: new ErasedSubjectLookup(h.t.sql, secretsKey),
    });
  });
  after(() => h.stop());
  // Each test erases whom it needs: an erasure of the phone all of them use would strip the next ones.
  afterEach(() => h.t.db.erasedSubject.deleteMany({ where: { accountId: IDS.account } }));

  async function integration() {
    const key = `key-${randomUUID()}`;
    return { key, integration: await h.createIntegration(key) };
  }

  const importChat = (integrationId: string, conversationId: string): Promise<ImportOutcome> =>
    useCase.execute(h.jobData(integrationId, conversationId));

  /** What an erasure on request leaves behind in ErasedSubject (Part A's rememberErasedSubjects). */
  async function remember(criterion: ErasureCriterion, erasedAt: Date): Promise<void> {
    await h.t.db.erasedSubject.create({
      data: {
        accountId: IDS.account,
        digest: personalDataDigest(secretsKey, criterionDigestInput(criterion)),
        erasedAt,
        erasureId: randomUUID(),
      },
    });
  }

  const personalData = (chat: Awaited<ReturnType<WorkerHarness['chats']>>[number]) => ({
    contactName: chat.contactName,
    contactPhone: chat.contactPhone,
    contactEmail: chat.contactEmail,
    firstVisitorMessage: chat.firstVisitorMessage,
    texts: chat.messages.filter((m) => m.author === 'visitor').map((m) => m.text),
  });
  const STRIPPED = { contactName: null, contactPhone: null, contactEmail: null, firstVisitorMessage: null };

  it('an erased chat re-imported, unchanged or with a new message in its question, stays without personal data', async () => {
    const { key, integration: i } = await integration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      name: 'Ирина Соколова',
      phone: PHONE,
      email: 'irina@example.ru',
      createdAt: now() - 2 * DAY,
      texts: [PHONE_TEXT, 'Записал'],
    });
    await importChat(i.id, conversationId);
    const [imported] = await h.chats(i.id, conversationId);
    expect(imported).to.deep.include({ contactPhone: PHONE, contactEmail: 'irina@example.ru' });

    // What an erasure on request leaves (Part A's erasePersonalDataOfChats).
    const erasedAt = new Date(Date.now() - DAY * 1000);
    await h.t.db.chat.update({
      where: { id: imported!.id },
      data: { ...STRIPPED, personalDataErasedAt: erasedAt, personalDataErasure: 'request' },
    });
    await h.t.db.chatMessage.updateMany({ where: { chatId: imported!.id }, data: { text: null } });

    const unchanged = await importChat(i.id, conversationId);
    expect(unchanged).to.deep.include({ status: 'skipped', code: 'nothing_new' });

    h.fake.updateConversation(key, conversationId, { lastUpdate: now(), newTexts: ['И почта irina@example.ru'] });
    const again = await importChat(i.id, conversationId);
    expect(again).to.deep.include({ status: 'imported' });
    const [chat] = await h.chats(i.id, conversationId);
    expect(chat!.id).to.equal(imported!.id);
    expect(personalData(chat!)).to.deep.equal({ ...STRIPPED, texts: [null, null] });
    expect(chat!.messages.map((m) => m.text)).to.deep.equal([null, null, null]);
    expect(chat).to.deep.include({
      personalDataErasedAt: erasedAt,
      personalDataErasure: 'request',
      messagesCount: 3,
      sessionVisitorId: null,
    });
  });

  /** A conversation of two questions, before and after `erasedAt`: the first gives a phone, the second none. */
  function twoQuestions(key: string, userId: string, erasedAt: number) {
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId,
      questions: [
        { startedAt: erasedAt - 3 * DAY, texts: [PHONE_TEXT, 'Записал'], closedPart: true },
        { startedAt: erasedAt + 600, texts: ['Снова я, доставка в Пермь?', 'Да'], closedPart: true },
      ],
    });
    return conversationId;
  }

  it('a CarrotQuest user erased at T: a question before T comes in stripped, one after T as usual, never with the first one’s phone', async () => {
    const { key, integration: i } = await integration();
    const erasedAt = now() - 5 * DAY;
    const userId = nextUser();
    const erased = twoQuestions(key, userId, erasedAt);
    // The same conversation of a visitor nobody erased: the second question takes the first one's phone.
    const control = twoQuestions(key, nextUser(), erasedAt);
    await remember({ kind: 'carrot_user', value: userId }, new Date(erasedAt * 1000));

    const outcome = await importChat(i.id, erased);
    await importChat(i.id, control);
    expect(outcome.status === 'imported' && outcome.questions.map((q) => q.personalDataErasure)).to.deep.equal([
      'request',
      null,
    ]);
    const [before, after] = await h.chats(i.id, erased);
    expect(personalData(before!)).to.deep.equal({ ...STRIPPED, texts: [null] });
    expect(before).to.deep.include({
      personalDataErasedAt: new Date(erasedAt * 1000),
      personalDataErasure: 'request',
      messagesCount: 2,
    });
    expect(personalData(after!)).to.deep.equal({
      ...STRIPPED,
      firstVisitorMessage: 'Снова я, доставка в Пермь?',
      texts: ['Снова я, доставка в Пермь?'],
    });
    expect(after).to.deep.include({ personalDataErasedAt: null, personalDataErasure: null });
    const controlChats = await h.chats(i.id, control);
    expect(controlChats.map((c) => c.contactPhone)).to.deep.equal([PHONE, PHONE]);
  });

  it('a phone erased at T: the question that gives it before T comes in stripped; after T the phone is imported only from its own question', async () => {
    const { key, integration: i } = await integration();
    const erasedAt = now() - 5 * DAY;
    const conversationId = twoQuestions(key, nextUser(), erasedAt);
    h.fake.addQuestion(key, conversationId, {
      startedAt: erasedAt + DAY,
      texts: ['Новый номер? Нет, тот же: +7 916 123 45 67', 'Спасибо'],
      closedPart: true,
    });
    await remember({ kind: 'phone', value: PHONE }, new Date(erasedAt * 1000));

    await importChat(i.id, conversationId);
    const chats = await h.chats(i.id, conversationId);
    expect(chats.map((c) => [c.personalDataErasure, c.contactPhone, c.firstVisitorMessage])).to.deep.equal([
      ['request', null, null],
      [null, null, 'Снова я, доставка в Пермь?'],
      [null, PHONE, 'Новый номер? Нет, тот же: +7 916 123 45 67'],
    ]);
    expect(chats[0]!.messages.map((m) => m.text)).to.deep.equal([null, null, null]);
  });

  it('a part CarrotQuest removed: the question is rewritten once, the row stays without text, the phone it gave goes', async () => {
    const { key, integration: i } = await integration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      createdAt: now() - DAY,
      texts: [PHONE_TEXT, 'Записал', 'Спасибо'],
    });
    await importChat(i.id, conversationId);
    const [before] = await h.chats(i.id, conversationId);
    expect(before).to.deep.include({ contactPhone: PHONE, firstVisitorMessage: PHONE_TEXT, messagesCount: 3 });

    const removedAt = now() - 60;
    h.fake.removePart(key, conversationId, before!.messages[0]!.partId, removedAt);
    const outcome = await importChat(i.id, conversationId);
    expect(outcome).to.deep.include({ status: 'imported' });
    const [after] = await h.chats(i.id, conversationId);
    expect(after!.messages.map((m) => [m.id, m.text, m.removedAt?.getTime() ?? null])).to.deep.equal([
      [before!.messages[0]!.id, null, removedAt * 1000],
      [before!.messages[1]!.id, 'Записал', null],
      [before!.messages[2]!.id, 'Спасибо', null],
    ]);
    expect(after).to.deep.include({
      id: before!.id,
      contactPhone: null,
      firstVisitorMessage: 'Спасибо',
      messagesCount: 3,
      personalDataErasedAt: null,
    });
    expect(await importChat(i.id, conversationId)).to.deep.include({ status: 'skipped', code: 'nothing_new' });
  });

  it('a user CarrotQuest deleted: the older questions below the parts floor lose their texts too', async () => {
    const { key, integration: i } = await integration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: [
        { startedAt: now() - 20 * DAY, texts: [PHONE_TEXT, 'Записал'], closedPart: true },
        { startedAt: now() - 10 * DAY, texts: ['Пишите на irina@example.ru', 'Хорошо'], closedPart: true },
        { startedAt: now() - DAY, texts: ['Ещё вопрос', 'Ответ'], closedPart: true },
      ],
    });
    await importChat(i.id, conversationId);
    const stored = await h.chats(i.id, conversationId);
    expect(stored.map((c) => [c.contactPhone, c.contactEmail])).to.deep.equal([
      [PHONE, null],
      [PHONE, 'irina@example.ru'],
      [PHONE, 'irina@example.ru'],
    ]);
    // A GDPR deletion there removes every part the visitor wrote.
    const visitorParts = stored.flatMap((c) => c.messages.filter((m) => m.author === 'visitor'));
    for (const part of visitorParts) h.fake.removePart(key, conversationId, part.partId);

    const outcome = await importChat(i.id, conversationId);
    expect(outcome.status === 'imported' && outcome.questions).to.have.length(3);
    const after = await h.chats(i.id, conversationId);
    expect(after.map((c) => personalData(c))).to.deep.equal(after.map(() => ({ ...STRIPPED, texts: [null] })));
    expect(after.map((c) => c.messagesCount)).to.deep.equal([2, 2, 2]);
    expect(await importChat(i.id, conversationId)).to.deep.include({ status: 'skipped', code: 'nothing_new' });
  });

  it('with a retention of 30 days, a question started 40 days ago comes in stripped (cause retention), a recent one as usual', async () => {
    const { key, integration: i } = await integration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: [
        { startedAt: now() - 40 * DAY, texts: [PHONE_TEXT, 'Записал'], closedPart: true },
        { startedAt: now() - DAY, texts: ['Снова я', 'Слушаю'], closedPart: true },
      ],
    });
    await h.t.db.account.update({ where: { id: IDS.account }, data: { retentionDays: 30 } });
    try {
      const startedImport = Date.now();
      await importChat(i.id, conversationId);
      const [old, recent] = await h.chats(i.id, conversationId);
      expect(personalData(old!)).to.deep.equal({ ...STRIPPED, texts: [null] });
      expect(old).to.deep.include({ personalDataErasure: 'retention', messagesCount: 2 });
      expect(old!.personalDataErasedAt!.getTime()).to.be.within(startedImport - 1, Date.now());
      // The old question's phone is past the retention too: not a contact of the recent one.
      expect(personalData(recent!)).to.deep.equal({
        ...STRIPPED,
        firstVisitorMessage: 'Снова я',
        texts: ['Снова я'],
      });
      expect(recent!.personalDataErasure).to.equal(null);
    } finally {
      await h.t.db.account.update({ where: { id: IDS.account }, data: { retentionDays: null } });
    }
  });
});
