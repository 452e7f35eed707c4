import { CONVERSATION_ID_PLACES, parseCarrotQuestWebhook, type ConversationIdPlace } from './webhook-event';

/** What to import for a webhook delivery: the one job an accepted delivery becomes. */
export interface WebhookImportRequest {
  conversationId: string;
  carrotUserId: string | null;
  /** Idempotency: a redelivered webhook carries the same event id and makes no second job. */
  eventId: string;
}

/** What the delivery log keeps of a delivery: its kind (`event`, `conversation` or another type), event and conversation. */
export interface WebhookDeliveryFacts {
  kind: string | null;
  eventName: string | null;
  conversationId: string | null;
}

export type WebhookImportDecision =
  | { action: 'enqueue'; request: WebhookImportRequest; facts: WebhookDeliveryFacts }
  /** A well-formed delivery that imports nothing (answered 200, so CarrotQuest does not send it again). */
  | { action: 'ignore'; reason: string; facts: WebhookDeliveryFacts }
  /** A delivery that cannot be read; `searched` lists where a conversation id was looked for when none was found. */
  | { action: 'refuse'; problem: string; searched?: readonly ConversationIdPlace[]; facts: WebhookDeliveryFacts };

const NO_FACTS: WebhookDeliveryFacts = { kind: null, eventName: null, conversationId: null };

/**
 * What a webhook body asks of us: enqueue one import, ignore it (with the reason), or refuse it (with the
 * problem). Events are imported when their name is accepted (the ingress's ACCEPTED_EVENT_NAMES) and
 * they name a conversation; a per-message `type=conversation` delivery only once it says the
 * conversation is closed (https://help.carrotquest.io/article/187).
 */
export function decideWebhookImport(body: unknown, acceptedEventNames: readonly string[]): WebhookImportDecision {
  const parsed = parseCarrotQuestWebhook(body);
  switch (parsed.kind) {
    case 'invalid':
      return { action: 'refuse', problem: parsed.problem, facts: NO_FACTS };
    case 'not-an-event':
      return {
        action: 'ignore',
        reason: `not an event webhook (${parsed.type})`,
        facts: { kind: parsed.type, eventName: null, conversationId: null },
      };
    case 'conversation-part': {
      const { part } = parsed;
      const facts = { kind: 'conversation', eventName: null, conversationId: part.conversationId };
      if (!part.conversationClosed)
        return {
          action: 'ignore',
          reason: 'the conversation is not closed yet (conversation_closed is not true)',
          facts,
        };
      return {
        action: 'enqueue',
        request: {
          conversationId: part.conversationId,
          carrotUserId: part.carrotUserId,
          eventId: `part-${part.partId}`,
        },
        facts,
      };
    }
    case 'event': {
      const { event } = parsed;
      const facts = { kind: 'event', eventName: event.eventName, conversationId: event.conversationId };
      if (!acceptedEventNames.includes(event.eventName))
        return { action: 'ignore', reason: `event ${event.eventName} is not imported`, facts };
      if (!event.conversationId) {
        return {
          action: 'refuse',
          problem: `no conversation id in the delivery: searched ${CONVERSATION_ID_PLACES.join(', ')}`,
          searched: CONVERSATION_ID_PLACES,
          facts,
        };
      }
      return {
        action: 'enqueue',
        request: { conversationId: event.conversationId, carrotUserId: event.carrotUserId, eventId: event.eventId },
        facts,
      };
    }
  }
}
