/** How many started since the start of the UTC day and in the last 7 days (the status API's counts). */
interface PeriodCounts {
  today: number;
  last7Days: number;
}

/**
 * `pnpm cq status`'s line of the chats, as the page's status panel says it: a chat is one question of a
 * conversation (a returning visitor asks again in the same conversation), so questions are counted with
 * the conversations they belong to beside them — by when they started — and what was imported today
 * (a backfill of last year included) apart.
 */
export function questionCountsLine(status: {
  chats: PeriodCounts;
  conversations: PeriodCounts;
  importedToday: number;
}): string {
  const { chats, conversations } = status;
  return (
    `questions (chats) started: today ${chats.today}, last 7 days ${chats.last7Days}; ` +
    `conversations: today ${conversations.today}, last 7 days ${conversations.last7Days}; ` +
    `imported today: ${status.importedToday}`
  );
}
