import { expect } from 'chai';
import { captureForQuestion, splitIntoQuestions, WHOLE_CONVERSATION_QUESTION } from './questions';
import { extractSessionCapture, SESSION_PROPS } from './session-capture';

const part = (id: string, created: number, group: string | null, type = 'reply_user') => ({
  id,
  created,
  type,
  ...(group === null ? {} : { part_group: group }),
});

describe('splitIntoQuestions', () => {
  it('groups parts by part_group, orders questions by their first part, dates each by it', () => {
    const questions = splitIntoQuestions(
      [part('5', 500, '20'), part('1', 100, '10'), part('2', 110, '10', 'reply_admin'), part('6', 510, '20', 'closed')],
      { closed: true },
    );
    expect(questions.map((q) => [q.id, q.parts.map((p) => p.id), q.startedAt.getTime() / 1000])).to.deep.equal([
      ['10', ['1', '2'], 100],
      ['20', ['5', '6'], 500],
    ]);
    expect(questions.map((q) => q.resolvedAt?.getTime() ?? null)).to.deep.equal([null, 510_000]);
  });

  it('puts a part without part_group into the question it falls in by time, or the first', () => {
    const questions = splitIntoQuestions(
      [part('0', 50, null, 'assigned'), part('1', 100, '10'), part('3', 300, null, 'tag_added'), part('5', 500, '20')],
      { closed: true },
    );
    expect(questions.map((q) => q.parts.map((p) => p.id))).to.deep.equal([['0', '1', '3'], ['5']]);
  });

  it('makes a conversation without any part_group one question', () => {
    const questions = splitIntoQuestions([part('2', 200, null), part('1', 100, null)], { closed: false });
    expect(questions.map((q) => [q.id, q.parts.length, q.closed])).to.deep.equal([
      [WHOLE_CONVERSATION_QUESTION, 2, false],
    ]);
    expect(splitIntoQuestions([], { closed: true })).to.deep.equal([]);
  });

  it('closes every question of a closed conversation, all but the last of an open one', () => {
    const parts = [part('1', 100, '10'), part('5', 500, '20'), part('9', 900, '30')];
    expect(splitIntoQuestions(parts, { closed: false }).map((q) => q.closed)).to.deep.equal([true, true, false]);
    expect(splitIntoQuestions(parts, { closed: true }).map((q) => q.closed)).to.deep.equal([true, true, true]);
  });

  it('orders ids past 2^53 by value, not as text', () => {
    const questions = splitIntoQuestions(
      [part('100000000000000000001', 100, '9'), part('99999999999999999999', 100, '10')],
      { closed: true },
    );
    expect(questions.map((q) => q.id)).to.deep.equal(['10', '9']);
  });
});

describe('captureForQuestion', () => {
  const capture = (startedAt: string | null) =>
    extractSessionCapture({
      [SESSION_PROPS.sessionId]: '42',
      ...(startedAt ? { [SESSION_PROPS.sessionStartedAt]: startedAt } : {}),
    });
  const question = { startedAt: new Date('2026-11-01T10:00:00Z') };

  it('gives a question the capture of a session that started before it (15 minutes of clock skew allowed)', () => {
    expect(captureForQuestion(capture('2026-11-01T09:00:00Z'), question, false)?.sessionId).to.equal('42');
    expect(captureForQuestion(capture('2026-11-01T10:14:00Z'), question, false)?.sessionId).to.equal('42');
    expect(captureForQuestion(capture('2026-11-01T10:16:00Z'), question, true)).to.equal(null);
  });

  it('gives a capture without a start time to the newest question only', () => {
    expect(captureForQuestion(capture(null), question, true)?.sessionId).to.equal('42');
    expect(captureForQuestion(capture(null), question, false)).to.equal(null);
  });
});
