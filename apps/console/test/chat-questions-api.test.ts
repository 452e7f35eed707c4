import { expect } from 'chai';
import { insertIntegration, type IntegrationFixture } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

interface Position {
  index: number;
  count: number;
  siblings: Array<{ id: string; startedAt: string; index: number }>;
}

// Issue #23: a chat is one question of a CarrotQuest conversation; the list and the transcript say which
// question of its conversation a chat is and name the others, so a returning visitor reads as one person.
describe('chat list and transcript: the questions of a conversation (admin API)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let fx: IntegrationFixture;
  let other: IntegrationFixture;
  const ids: Record<string, string> = {};

  before(async () => {
    await h.start('chat_questions');
    fx = await insertIntegration(h.t.db, h.secretBox, 'app.1.questions-key', 'Вопросы');
    other = await insertIntegration(h.t.db, h.secretBox, 'app.2.other-key', 'Чужой');
    const chat = async (
      name: string,
      owner: IntegrationFixture,
      conversationId: string,
      questionId: string | null,
      startedAt: string,
      createdAt: string,
    ) => {
      const row = await h.t.db.chat.create({
        data: {
          accountId: owner.accountId,
          integrationId: owner.integrationId,
          conversationId,
          questionId,
          carrotUserId: '1',
          channel: 'telegram',
          startedAt: new Date(startedAt),
          createdAt: new Date(createdAt),
          attributionKind: 'default',
          sourceId: owner.sourceId,
          siteId: owner.siteId,
          contactName: name,
        },
      });
      ids[name] = row.id;
    };
    // Three questions of one conversation over 60 days; stored out of order (the third was imported
    // first, as a split of a pre-upgrade chat can do): the position follows the start, not the row's age.
    await chat('q3', fx, '700', 'g3', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z');
    await chat('q1', fx, '700', 'g1', '2026-01-01T10:00:00Z', '2026-03-01T11:01:00Z');
    await chat('q2', fx, '700', 'g2', '2026-02-01T10:00:00Z', '2026-03-01T11:02:00Z');
    // Alone in its conversation; a chat stored before the upgrade (no question id) is one question too.
    await chat('alone', fx, '701', null, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z');
    // The same conversation id in another account's integration is another conversation.
    await chat('foreign', other, '700', 'g9', '2026-01-15T10:00:00Z', '2026-03-02T11:00:00Z');
  });
  after(() => h.stop());

  const pageOf = async (owner: IntegrationFixture, query = 'limit=50') => {
    const { status, body } = await h.api('GET', `/accounts/${owner.accountId}/chats?${query}`);
    expect(status).to.equal(200);
    return body as { chats: Array<{ id: string; contactName: string; question: Position }>; nextCursor: string | null };
  };
  const listOf = async (owner: IntegrationFixture, query?: string) => (await pageOf(owner, query)).chats;

  it('gives every listed chat its place among its conversation’s questions, ordered by start', async () => {
    const chats = await listOf(fx);
    const byName = new Map(chats.map((c) => [c.contactName, c.question]));
    // Newest started first (issue #26), whatever the order the rows were stored in.
    expect(chats.map((c) => c.contactName)).to.deep.equal(['alone', 'q3', 'q2', 'q1']);
    expect(byName.get('q1')).to.deep.equal({
      index: 1,
      count: 3,
      siblings: [
        { id: ids.q2, startedAt: '2026-02-01T10:00:00.000Z', index: 2 },
        { id: ids.q3, startedAt: '2026-03-01T10:00:00.000Z', index: 3 },
      ],
    });
    expect(byName.get('q2')).to.deep.equal({
      index: 2,
      count: 3,
      siblings: [
        { id: ids.q1, startedAt: '2026-01-01T10:00:00.000Z', index: 1 },
        { id: ids.q3, startedAt: '2026-03-01T10:00:00.000Z', index: 3 },
      ],
    });
    expect(byName.get('q3')).to.deep.include({ index: 3, count: 3 });
    expect(byName.get('alone')).to.deep.equal({ index: 1, count: 1, siblings: [] });
  });

  it('counts the siblings a page does not show: one question on the page still knows all three', async () => {
    const first = await pageOf(fx, 'limit=2');
    expect(first.chats.map((c) => c.contactName)).to.deep.equal(['alone', 'q3']);
    const page = await listOf(fx, `limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(page.map((c) => [c.contactName, c.question.index, c.question.count])).to.deep.equal([['q2', 2, 3]]);
  });

  it('the transcript carries the same position; another account’s conversation of the same id is not a sibling', async () => {
    const { status, body } = await h.api('GET', `/accounts/${fx.accountId}/chats/${ids.q2}`);
    expect(status).to.equal(200);
    expect(body.question).to.deep.equal({
      index: 2,
      count: 3,
      siblings: [
        { id: ids.q1, startedAt: '2026-01-01T10:00:00.000Z', index: 1 },
        { id: ids.q3, startedAt: '2026-03-01T10:00:00.000Z', index: 3 },
      ],
    });
    const foreign = await h.api('GET', `/accounts/${other.accountId}/chats/${ids.foreign}`);
    expect(foreign.body.question).to.deep.equal({ index: 1, count: 1, siblings: [] });
  });
});
