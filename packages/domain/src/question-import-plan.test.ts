import { expect } from 'chai';
import { partsFloor, planQuestionImports, type StoredQuestionRef } from './question-import-plan';
import { splitIntoQuestions, type QuestionPart } from './questions';

const parts = (...groups: Array<[group: string, at: number, ids: string[]]>): QuestionPart[] =>
  groups.flatMap(([group, at, ids]) =>
    ids.map((id, i) => ({ id, created: at + i, part_group: group, type: 'reply_user' })),
  );
/** Part ids CarrotQuest marks removed in the parts read (the fake test's `removed` field). */
const removedIds = new Set<string>();
const stored = (chatId: string, questionId: string | null, at: number, partIds: string[]): StoredQuestionRef => ({
  chatId,
  questionId,
  startedAt: new Date(at * 1000),
  partIds,
});
const plan = (
  read: QuestionPart[],
  kept: StoredQuestionRef[],
  options: { closed?: boolean; floor?: string | null; within?: { from: Date; to: Date } } = {},
) =>
  planQuestionImports({
    questions: splitIntoQuestions(read, { closed: options.closed ?? true }),
    stored: kept,
    floor: options.floor ?? null,
    startedWithin: options.within,
    storedPartIdsOf: (q) => q.parts.map((p) => String(p.id)),
    removedPartIdsOf: (q) => q.parts.map((p) => String(p.id)).filter((id) => removedIds.has(id)),
  }).map((p) => [p.question.id, p.stored?.chatId ?? null, p.claimsWholeConversation, p.newest]);

describe('planQuestionImports', () => {
  const conversation = parts(['1', 100, ['11', '12']], ['2', 200, ['21', '22']], ['3', 300, ['31']]);

  it('writes the closed questions not stored, never the open last one', () => {
    expect(plan(conversation, [], { closed: false })).to.deep.equal([
      ['1', null, false, false],
      ['2', null, false, false],
    ]);
  });

  it('skips a stored question with the same parts, rewrites one whose parts changed', () => {
    const kept = [stored('a', '1', 100, ['11', '12']), stored('b', '2', 200, ['21'])];
    expect(plan(conversation, kept)).to.deep.equal([
      ['2', 'b', false, false],
      ['3', null, false, true],
    ]);
  });

  it('rewrites a stored question once a part of it is removed in CarrotQuest, and only once', () => {
    removedIds.add('21');
    try {
      const kept = [stored('a', '1', 100, ['11', '12']), stored('b', '2', 200, ['21', '22'])];
      expect(plan(conversation, kept)).to.deep.equal([
        ['2', 'b', false, false],
        ['3', null, false, true],
      ]);
      const rewritten = [kept[0]!, { ...kept[1]!, removedPartIds: ['21'] }];
      expect(plan(conversation, rewritten)).to.deep.equal([['3', null, false, true]]);
    } finally {
      removedIds.clear();
    }
  });

  it('claims a whole-conversation chat for the first question and splits it whatever the period', () => {
    const within = { from: new Date(250_000), to: new Date(400_000) };
    expect(plan(conversation, [stored('w', null, 100, ['11', '12', '21', '22'])], { within })).to.deep.equal([
      ['1', 'w', true, false],
      ['2', null, false, false],
      ['3', null, false, true],
    ]);
  });

  it('takes only the questions started in a period', () => {
    const within = { from: new Date(150_000), to: new Date(250_000) };
    expect(plan(conversation, [], { within })).to.deep.equal([['2', null, false, false]]);
  });

  it('with a floor, leaves stored questions older than the newest stored one as they are', () => {
    const kept = [stored('a', '1', 100, ['11', '12']), stored('b', '2', 200, ['21', '22'])];
    // Read down to 21: question 1 shows only a stray part from the page that reached the floor.
    const read = parts(['1', 100, ['12']], ['2', 200, ['21', '22']], ['3', 300, ['31']]);
    expect(plan(read, kept, { floor: '21' })).to.deep.equal([['3', null, false, true]]);
  });
});

describe('partsFloor', () => {
  it('is the first part of the newest stored question; none when nothing is stored or a whole-conversation chat waits', () => {
    expect(partsFloor([stored('a', '1', 100, ['12', '11']), stored('b', '2', 200, ['22', '9', '21'])])).to.equal('9');
    expect(partsFloor([])).to.equal(null);
    expect(partsFloor([stored('w', null, 100, ['1'])])).to.equal(null);
  });
});
