import { expect } from 'chai';
import { questionCountsLine } from './question-counts-line';

describe('questionCountsLine (pnpm cq status)', () => {
  it('counts questions by their start, with their conversations beside them and today’s imports apart', () => {
    expect(
      questionCountsLine({
        chats: { today: 3, last7Days: 12 },
        conversations: { today: 2, last7Days: 9 },
        importedToday: 101,
      }),
    ).to.equal(
      'questions (chats) started: today 3, last 7 days 12; conversations: today 2, last 7 days 9; imported today: 101',
    );
  });
});
