// What CarrotQuest POSTs when a conversation question is resolved, as the form body it really sends.

export interface ResolvedWebhook {
  eventId: string;
  conversationId: string;
  userId: string;
  /** Unix seconds; now unless given. */
  createdAt?: number;
}

export function buildResolvedWebhookBody(w: ResolvedWebhook): string {
  return new URLSearchParams({
    type: 'event',
    event_name: '$conversation_part_group_closed',
    event_id: w.eventId,
    user_id: w.userId,
    event: JSON.stringify({ id: Number(w.eventId), created: w.createdAt ?? Math.floor(Date.now() / 1000), props: { $conversation_id: Number(w.conversationId) } }),
  }).toString();
}
