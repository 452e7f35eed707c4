/** How many arrived since the start of the UTC day and in the last 7 days (the status API's counts). */
interface PeriodCounts {
  today: number;
  last7Days: number;
}

/**
 * `pnpm cq status`'s line of what was imported, as the page's status panel says it: a chat is one question
 * of a conversation (a returning visitor asks again in the same conversation), so questions are counted
 * with the conversations they belong to beside them.
 */
export function questionCountsLine(status: { chats: PeriodCounts; conversations: PeriodCounts }): string {
  const { chats, conversations } = status;
  return (
    `questions (chats): today ${chats.today}, last 7 days ${chats.last7Days}; ` +
    `conversations: today ${conversations.today}, last 7 days ${conversations.last7Days}`
  );
}
