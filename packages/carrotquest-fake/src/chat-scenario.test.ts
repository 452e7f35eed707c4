import { expect } from 'chai';
import { buildScenario } from './chat-scenario';
import { compareIds } from './fake-paging';

const DAY = 86_400;

describe('buildScenario', () => {
  it('keeps the single-question form: one part group, part ids the conversation id and a 3-digit index', () => {
    const { conversation, parts } = buildScenario({
      conversationId: '41000001',
      userId: '1041000001',
      createdAt: 1_764_000_000,
      messages: 3,
    });
    expect(parts.map((p) => p.id)).to.deep.equal(['41000001000', '41000001001', '41000001002']);
    expect(new Set(parts.map((p) => p.part_group))).to.deep.equal(new Set(['4100000101']));
    expect(parts.map((p) => p.type)).to.deep.equal(['reply_user', 'reply_admin', 'reply_user']);
    expect(conversation).to.deep.include({ created: 1_764_000_000, last_update: 1_764_000_060, parts_count: 3 });
  });

  it('builds one part group per question, with ids growing with time through the conversation', () => {
    const t0 = 1_764_000_000;
    const { conversation, parts } = buildScenario({
      conversationId: '9223372036854775001',
      userId: '18446744073709551001',
      questions: [
        { startedAt: t0 + 60 * DAY, messages: 2, operator: { id: '5530', name: 'Мария' } },
        { startedAt: t0, texts: ['Сколько стоит доставка?', 'От 300 ₽'], closedPart: true },
        { startedAt: t0 + 30 * DAY, messages: 3 },
      ],
    });
    const groups = [...new Set(parts.map((p) => String(p.part_group)))];
    expect(groups).to.have.length(3);
    // Part ids and part-group ids: exact decimal text past 2^53, increasing with `created`.
    for (let i = 1; i < parts.length; i += 1) {
      expect(compareIds(parts[i]!.id, parts[i - 1]!.id)).to.equal(1);
      expect(parts[i]!.created).to.be.at.least(parts[i - 1]!.created);
      expect(compareIds(parts[i]!.part_group, parts[i - 1]!.part_group)).to.be.at.least(0);
    }
    expect(parts[0]).to.deep.include({ id: '9223372036854775001000', body: 'Сколько стоит доставка?' });
    const byGroup = groups.map((g) => parts.filter((p) => p.part_group === g));
    expect(byGroup.map((q) => q[0]!.created)).to.deep.equal([t0, t0 + 30 * DAY, t0 + 60 * DAY]);
    expect(byGroup.map((q) => q.length)).to.deep.equal([3, 3, 2]);
    expect(byGroup[2]![1]!.from).to.deep.include({ id: '5530', name: 'Мария', type: 'admin' });
    expect(conversation).to.deep.include({ created: t0, parts_count: 8, last_update: t0 + 60 * DAY + 30 });
    expect(conversation.assignee).to.deep.include({ id: '5530' });
    expect(conversation.part_last).to.equal(parts.at(-1));
  });

  it('ends a question with a `closed` system part: empty body, an Admin author, the question it closes', () => {
    const { parts } = buildScenario({
      conversationId: '41000003',
      userId: '1041000003',
      operator: { id: '5521', name: 'Алексей' },
      questions: [
        { startedAt: 1_764_000_000, messages: 2, closedPart: true },
        { startedAt: 1_765_000_000, messages: 1 },
      ],
    });
    const closed = parts.filter((p) => p.type === 'closed');
    expect(closed).to.have.length(1);
    expect(closed[0]).to.deep.include({ body: '', part_group: parts[0]!.part_group, created: 1_764_000_060 });
    expect(closed[0]!.from).to.deep.equal({
      id: '5521',
      name: 'Алексей',
      avatar: 'https://files.carrotquest.io/avatars/default-v2.png',
      type: 'admin',
    });
    expect(parts.at(-1)!.part_group).not.to.equal(closed[0]!.part_group);
  });
});
