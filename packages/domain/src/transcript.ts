import type { CarrotQuestAdminRef, CarrotQuestPartShape } from './carrotquest-shapes';

export type MessageAuthor = 'visitor' | 'operator' | 'system' | 'bot';

export interface TranscriptMessage {
  partId: string;
  sentAt: Date;
  author: MessageAuthor;
  partType: string;
  operatorName: string | null;
  /** CarrotQuest admin id of an operator's or bot's part, when its `from` names one. */
  operatorId: string | null;
  text: string | null;
}

export interface Transcript {
  messages: TranscriptMessage[];
  /** Visitor, operator and bot messages: what "messages count" means to a user. */
  messagesCount: number;
  firstVisitorMessage: string | null;
  /** Texts the visitor wrote, in order (contacts are searched there). */
  visitorTexts: string[];
  /** The last human operator who wrote, if any. */
  operatorName: string | null;
}

/**
 * Part types that are never part of the conversation with the visitor: internal notes are the team's
 * private remarks and must not travel into analytics with the dialogue.
 */
export const SKIPPED_PART_TYPES = new Set(['note', 'note_admin']);
/**
 * Everything else without a visitor or operator author (assigned, closed, reopened, tag changes...) is
 * kept as a `system` line, so the transcript reads as it happened.
 */
const BOT_PART_TYPES = new Set(['auto_reply', 'reply_bot', 'bot_reply']);

function adminRef(from: CarrotQuestPartShape['from']): CarrotQuestAdminRef | null {
  return from && typeof from === 'object' ? from : null;
}

function adminId(from: CarrotQuestPartShape['from']): string | null {
  const id = adminRef(from)?.id;
  return id === null || id === undefined || String(id).trim() === '' ? null : String(id);
}

function authorOf(part: CarrotQuestPartShape): MessageAuthor {
  const type = part.type ?? '';
  const admin = adminRef(part.from);
  if (type === 'reply_user') return 'visitor';
  if (BOT_PART_TYPES.has(type) || (admin?.type === 'bot' && (part.body ?? '').trim() !== '')) return 'bot';
  if (type === 'reply_admin') return 'operator';
  return 'system';
}

export function buildTranscript(parts: readonly CarrotQuestPartShape[]): Transcript {
  const messages = parts
    .filter((part) => !SKIPPED_PART_TYPES.has(part.type ?? ''))
    .map((part): TranscriptMessage => {
      const author = authorOf(part);
      const text = typeof part.body === 'string' && part.body.trim() !== '' ? part.body : null;
      return {
        partId: String(part.id),
        sentAt: new Date(part.created * 1000),
        author,
        partType: part.type ?? 'unknown',
        operatorName: author === 'operator' || author === 'bot' ? (adminRef(part.from)?.name ?? null) : null,
        operatorId: author === 'operator' || author === 'bot' ? adminId(part.from) : null,
        text,
      };
    })
    .sort(
      (a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.partId.localeCompare(b.partId, 'en', { numeric: true }),
    );

  // The same part can come twice when pages overlap; the first copy wins.
  const seen = new Set<string>();
  const unique = messages.filter((message) => !seen.has(message.partId) && seen.add(message.partId));

  const visitorTexts = unique.filter((m) => m.author === 'visitor' && m.text).map((m) => m.text as string);
  const operators = unique.filter((m) => m.author === 'operator' && m.operatorName);
  return {
    messages: unique,
    messagesCount: unique.filter((m) => m.author !== 'system').length,
    firstVisitorMessage: visitorTexts[0] ?? null,
    visitorTexts,
    operatorName: operators.at(-1)?.operatorName ?? null,
  };
}
