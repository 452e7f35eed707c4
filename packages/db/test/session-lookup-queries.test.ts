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
import { findChatsAwaitingSession, upsertChat, type ChatRecord } from '../src/index';

// The session lookup (docs/cabinet.md) re-attributes the chats waiting on a session it found; an erased
// chat is not one of them (docs/personal-data.md), whatever visit link it still has.
describe('findChatsAwaitingSession (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;

  before(async () => {
    t = await createTestDatabase('db_session_lookup_queries');
    fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.31.key');
  });
  after(async () => t?.drop());

  const write = async (conversationId: string, over: Partial<ChatRecord>) =>
    (await upsertChat(t.db, chatRecordFixture(fx, conversationId, { sessionExternalId: 'sess-1', ...over }), [], null))
      .chatId;

  it('finds the account’s chats pending on the session or settled without it, not those erased on request', async () => {
    const pending = await write('100', { sessionLookup: 'pending' });
    await write('101', { sessionLookup: 'pending', sessionExternalId: 'sess-2' });
    const unknown = await write('102', {});
    await t.db.chat.update({ where: { id: unknown }, data: { sessionLookup: 'unknown' } });
    // The retention empties contacts and texts, not the visit link: the chat still names the session.
    const pastRetention = await write('103', {
      sessionLookup: 'pending',
      personalDataErasedAt: new Date('2026-12-01T00:00:00.000Z'),
      personalDataErasure: 'retention',
    });
    const erasedLater = await write('104', { sessionLookup: 'pending' });
    await t.db.chat.update({
      where: { id: erasedLater },
      data: { personalDataErasedAt: new Date(), personalDataErasure: 'request' },
    });

    const found = await findChatsAwaitingSession(t.db, fx.accountId, 'sess-1');
    expect(found.map((c) => c.id).sort()).to.deep.equal([pending, unknown, pastRetention].sort());
  });
});
