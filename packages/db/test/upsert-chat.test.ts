import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { upsertChat, type ChatMessageRecord, type ChatRecord } from '../src/index';

// upsertChat is one hand-written SQL statement: prove it stores what Prisma would, exactly once.
describe('upsertChat (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let tagId: string;

  before(async () => {
    t = await createTestDatabase('db_upsert_chat');
    fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.1.key');
    tagId = fx.tagId!;
  });
  after(async () => t?.drop());

  const chat = (conversationId: string, over: Partial<ChatRecord> = {}): ChatRecord =>
    chatRecordFixture(fx, conversationId, {
      channel: 'telegram',
      channelRaw: 'telegram',
      contactName: 'Ирина <b>Соколова</b>',
      startedAt: new Date('2026-11-25T07:40:21.123Z'),
      resolvedAt: new Date('2026-11-25T08:01:02.456Z'),
      firstVisitorMessage: '\'; DROP TABLE "Chat"; --',
      utmContent: 'ad-17',
      ...over,
    });
  const message = (partId: string, at: string, text: string | null): ChatMessageRecord => ({
    partId,
    sentAt: new Date(at),
    author: 'visitor',
    partType: 'reply_user',
    operatorName: null,
    text,
  });

  it('stores every field and timestamp exactly (UTC, milliseconds), text verbatim', async () => {
    const messages = [
      message('1', '2026-11-25T07:40:21.500Z', '<script>alert(1)</script>'),
      message('2', '2026-11-25T07:41:00.001Z', null),
    ];
    const { chatId } = await upsertChat(t.db, chat('100'), messages, tagId);
    const stored = await t.db.chat.findUniqueOrThrow({
      where: { id: chatId },
      include: { messages: { orderBy: { sentAt: 'asc' } }, tags: true },
    });
    expect(stored).to.deep.include({ ...chat('100'), id: chatId });
    expect(stored.messages.map((m) => [m.partId, m.sentAt.toISOString(), m.author, m.text])).to.deep.equal([
      ['1', '2026-11-25T07:40:21.500Z', 'visitor', '<script>alert(1)</script>'],
      ['2', '2026-11-25T07:41:00.001Z', 'visitor', null],
    ]);
    expect(stored.tags.map((tag) => tag.tagId)).to.deep.equal([tagId]);
  });

  it('a replay updates the chat and adds only new messages and no second tag', async () => {
    const first = await upsertChat(t.db, chat('200'), [message('1', '2026-11-25T07:40:21.000Z', 'a')], tagId);
    const again = await upsertChat(
      t.db,
      chat('200', { contactName: 'Ирина', messagesCount: 2 }),
      [message('1', '2026-11-25T07:40:21.000Z', 'a'), message('2', '2026-11-25T07:42:00.000Z', 'b')],
      tagId,
    );
    expect(again.chatId).to.equal(first.chatId);
    const stored = await t.db.chat.findUniqueOrThrow({
      where: { id: first.chatId },
      include: { messages: true, tags: true },
    });
    expect(stored.contactName).to.equal('Ирина');
    expect(stored.messages.map((m) => m.partId).sort()).to.deep.equal(['1', '2']);
    expect(stored.tags).to.have.length(1);
    expect(stored.updatedAt.getTime()).to.be.at.least(stored.createdAt.getTime());
  });

  it('twenty concurrent imports of one conversation make one chat with each message once', async () => {
    const messages = Array.from({ length: 12 }, (_, i) =>
      message(String(i), `2026-11-25T07:4${i % 10}:00.000Z`, `m${i}`),
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => upsertChat(t.db, chat('300'), messages, null)));
    expect(new Set(results.map((r) => r.chatId)).size).to.equal(1);
    expect(await t.db.chatMessage.count({ where: { chatId: results[0]!.chatId } })).to.equal(12);
  });
});
