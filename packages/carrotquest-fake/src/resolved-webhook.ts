// What CarrotQuest POSTs when a conversation question is resolved, as the form body it really sends:
// form fields whose nested objects are JSON text (see ../../../shared/notes/carrotquest-api.md). Ids are
// written as bare JSON numbers with every digit, as a JSON encoder of 64-bit integers would.

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
