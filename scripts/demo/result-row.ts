// What `pnpm demo` expects of each chat it caused, and the line it prints for it.

/** A chat as the console's chat list answers it (the fields the demo reads). */
export interface DemoChat {
  conversationId: string;
  attributionKind: string;
  messagesCount: number;
  contactPhone: string | null;
  /** ISO time of the chat's (the question's) first message. */
  startedAt: string;
  campaign: { name: string } | null;
}

export interface Expectation {
  label: string;
  kind: 'session' | 'mapping' | 'default';
  /** The campaign the chat must be attributed to, where the case is about one. */
  campaign?: string;
}

export interface ResultRow {
  случай: string;
  ожидалось: string;
  получено: string;
  кампания: string;
  сообщений: number;
  телефон: string;
}

export const MISSING = '— нет —';

export function resultRow(expected: Expectation, chat: DemoChat | undefined): { row: ResultRow; ok: boolean } {
  const campaign = chat?.campaign?.name ?? '';
  const row: ResultRow = {
    случай: expected.label,
    ожидалось: expected.campaign ? `${expected.kind}: ${expected.campaign}` : expected.kind,
    получено: chat?.attributionKind ?? MISSING,
    кампания: campaign,
    сообщений: chat?.messagesCount ?? 0,
    телефон: chat?.contactPhone ?? '',
  };
  const ok = row.получено === expected.kind && (expected.campaign === undefined || campaign === expected.campaign);
  return { row, ok };
}
