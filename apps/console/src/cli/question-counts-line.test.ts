import { expect } from 'chai';
import { questionCountsLine } from './question-counts-line';

describe('questionCountsLine (pnpm cq status)', () => {
  it('counts questions as chats, with the conversations they belong to beside them', () => {
    expect(
      questionCountsLine({ chats: { today: 3, last7Days: 12 }, conversations: { today: 2, last7Days: 9 } }),
    ).to.equal('questions (chats): today 3, last 7 days 12; conversations: today 2, last 7 days 9');
  });
});
