// Delivers webhooks the way CarrotQuest does: a 2xx or 4xx is final, anything else is sent again.
import { buildResolvedWebhookBody } from '@carrot-bridge/carrotquest-fake';
import type { Delivery } from './scenario-plan';

export interface DeliveryResult {
  delivery: Delivery;
  /** HTTP status of every attempt; 0 for a connection error or timeout. */
  attempts: number[];
  finalStatus: number;
  answer: string | undefined;
  /** First attempt's latency. */
  latencyMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RESEND_DELAY_MS = 250;
const GIVE_UP_AFTER_MS = 180_000;

/** Each variant breaks the request in one way a real sender could. */
export function malformedRequest(variant: number, conversationId: string): { contentType: string; body: string } {
  const form = (fields: Record<string, string>) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
  });
  switch (variant % 5) {
    case 0:
      return form({
        type: 'event',
        event_name: '$conversation_part_group_closed',
        event_id: `9${conversationId}`,
        user_id: '1',
        event: JSON.stringify({ id: 1, props: {} }),
      }); // no conversation
    case 1:
      return form({
        type: 'event',
        event_name: '$conversation_part_group_closed',
        event_id: `9${conversationId}`,
        user_id: '1',
        event: `{"props": {"$conversation_id": ${conversationId}`,
      });
    case 2:
      return { contentType: 'text/plain', body: `event_id=9${conversationId}&conversation=${conversationId}` };
    case 3:
      return form({
        type: 'event',
        event_name: '$conversation_part_group_closed',
        event_id: `9${conversationId}`,
        user_id: '1',
        event: JSON.stringify({ id: 1, props: { $conversation_id: `${conversationId}; DROP TABLE chat` } }),
      });
    default:
      return form({
        type: 'event',
        event_name: '$conversation_part_group_closed',
        event_id: `9${conversationId}`,
        user_id: '1',
        event: '[]',
      }); // event of the wrong type
  }
}

export function requestFor(delivery: Delivery): { contentType: string; body: string } {
  if (delivery.kind === 'malformed') return malformedRequest(delivery.variant, delivery.conversationId);
  const { conversationId, userId } = delivery.conversation.scenario;
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: buildResolvedWebhookBody({ eventId: delivery.eventId, conversationId, userId }),
  };
}

export async function deliver(url: string, delivery: Delivery): Promise<DeliveryResult> {
  const { contentType, body } = requestFor(delivery);
  const attempts: number[] = [];
  const started = Date.now();
  let latencyMs = -1;
  for (;;) {
    const sent = Date.now();
    let status = 0;
    let answer: string | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      answer = ((await response.json().catch(() => ({}))) as { status?: string }).status;
    } catch {
      status = 0;
    }
    if (latencyMs < 0) latencyMs = Date.now() - sent;
    attempts.push(status);
    const final = status >= 200 && status < 500 && status !== 429;
    if (final || Date.now() - started > GIVE_UP_AFTER_MS)
      return { delivery, attempts, finalStatus: status, answer, latencyMs };
    await sleep(RESEND_DELAY_MS);
  }
}
