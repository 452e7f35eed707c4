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
  /** Null when the part was removed in CarrotQuest (its text is not kept) or had no text. */
  text: string | null;
  /** When CarrotQuest removed the part (its `removed`), else null. */
  removedAt: Date | null;
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

/** Unix seconds of the part's removal, or null: https://developers.carrotquest.io/objects/conversationpart. */
function removedAt(part: CarrotQuestPartShape): Date | null {
  return typeof part.removed === 'number' && Number.isFinite(part.removed) ? new Date(part.removed * 1000) : null;
}

function authorOf(part: CarrotQuestPartShape, removed: boolean): MessageAuthor {
  const type = part.type ?? '';
  const admin = adminRef(part.from);
  if (type === 'reply_user') return 'visitor';
  // A removed bot reply stays a bot message whether or not CarrotQuest still sends its body (the docs do
  // not say), so the chat's message count does not change when a part is removed.
  if (BOT_PART_TYPES.has(type) || (admin?.type === 'bot' && (removed || (part.body ?? '').trim() !== ''))) return 'bot';
  if (type === 'reply_admin') return 'operator';
  return 'system';
}

export function buildTranscript(parts: readonly CarrotQuestPartShape[]): Transcript {
  const messages = parts
    .filter((part) => !SKIPPED_PART_TYPES.has(part.type ?? ''))
    .map((part): TranscriptMessage => {
      const removed = removedAt(part);
      const author = authorOf(part, removed !== null);
      // A removed part keeps its place (id, author, time) but never its text, even if CarrotQuest still
      // sends the body: it counts as a message, and is never a first message, a contact or a transcript line.
      const text = removed === null && typeof part.body === 'string' && part.body.trim() !== '' ? part.body : null;
      return {
        partId: String(part.id),
        sentAt: new Date(part.created * 1000),
        author,
        partType: part.type ?? 'unknown',
        operatorName: author === 'operator' || author === 'bot' ? (adminRef(part.from)?.name ?? null) : null,
        operatorId: author === 'operator' || author === 'bot' ? adminId(part.from) : null,
        text,
        removedAt: removed,
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
