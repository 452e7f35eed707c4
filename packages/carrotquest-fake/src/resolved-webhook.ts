// What CarrotQuest POSTs when a conversation question is resolved, as the form body it really sends:
// form fields whose nested objects are JSON text (see ../../../shared/notes/carrotquest-api.md). Ids are
// written as bare JSON numbers with every digit, as a JSON encoder of 64-bit integers would.
import { compareIds } from './fake-paging';
import type { Json } from './fake-state';

export interface ResolvedWebhook {
  eventId: string;
  conversationId: string;
  userId: string;
  /** Unix seconds; now unless given. */
  createdAt?: number;
}

export function buildResolvedWebhookBody(w: ResolvedWebhook): string {
  const created = w.createdAt ?? Math.floor(Date.now() / 1000);
  return new URLSearchParams({
    type: 'event',
    event_name: '$conversation_part_group_closed',
    event_id: w.eventId,
    user_id: w.userId,
    event: `{"id":${w.eventId},"created":${created},"props":{"$conversation_id":${w.conversationId}}}`,
  }).toString();
}

export interface QuestionResolvedWebhook {
  /** The question (part group) the event is about; the event itself does not name it. */
  partGroup: string;
  eventId: string;
  createdAt: number;
  body: string;
}

/**
 * One resolved event per question of the conversation, oldest question first, as CarrotQuest would have
 * sent them over time: `$conversation_part_group_closed` fires per question and carries only
 * `$conversation_id` (https://developers.carrotquest.io/events), so each delivery is its own event with its
 * own id (`firstEventId`, then counting up) and is created at its question's last part. Parts without a
 * `part_group` start no question. `questions` picks which ones (by part group); every one unless given.
 */
export function buildQuestionResolvedWebhooks(w: {
  conversationId: string;
  userId: string;
  /** The conversation's parts (ConversationPart objects). */
  parts: readonly Json[];
  firstEventId: string;
  questions?: readonly string[];
}): QuestionResolvedWebhook[] {
  const span = new Map<string, { first: number; last: number }>();
  for (const part of w.parts) {
    if (part.part_group == null) continue;
    const group = String(part.part_group);
    const created = Number(part.created);
    const seen = span.get(group);
    span.set(group, {
      first: Math.min(seen?.first ?? created, created),
      last: Math.max(seen?.last ?? created, created),
    });
  }
  // Questions in the order they started; the event ids count up in that order whichever are picked.
  const ordered = [...span.keys()].sort((a, b) => span.get(a)!.first - span.get(b)!.first || compareIds(a, b));
  return ordered.flatMap((partGroup, index) => {
    if (w.questions && !w.questions.includes(partGroup)) return [];
    const eventId = String(BigInt(w.firstEventId) + BigInt(index));
    const createdAt = span.get(partGroup)!.last;
    const body = buildResolvedWebhookBody({ eventId, conversationId: w.conversationId, userId: w.userId, createdAt });
    return [{ partGroup, eventId, createdAt, body }];
  });
}

/**
 * CarrotQuest's per-message chat webhook (https://help.carrotquest.io/article/187): `type=conversation`,
 * `token`, and `conversation` = a ConversationPart as JSON whose `conversation` field is the conversation's
 * id, with `conversation_closed`.
 */
export function buildConversationPartWebhookBody(w: {
  partId: string;
  conversationId: string;
  userId: string;
  closed: boolean;
  token?: string;
  createdAt?: number;
}): string {
  const created = w.createdAt ?? Math.floor(Date.now() / 1000);
  const part =
    `{"id":${w.partId},"conversation":${w.conversationId},"created":${created},"type":"reply_user","body":"Спасибо!",` +
    `"direction":"u2a","sent_via":"web_user","from":${w.userId},"conversation_closed":${w.closed},"conversation_tags":[],"random_id":0}`;
  return new URLSearchParams({
    type: 'conversation',
    ...(w.token ? { token: w.token } : {}),
    conversation: part,
  }).toString();
}
