// The deliveries of the fault scenario, planned up front from a seed so a failing run can be replayed.
import type { ChatScenario } from '@carrot-bridge/carrotquest-fake';

export type IntegrationName = 'A' | 'B' | 'C';

export interface PlannedConversation {
  index: number;
  integration: IntegrationName;
  scenario: ChatScenario;
  /** Never present in CarrotQuest: its import must fail for good with the reason. */
  deletedInCarrotQuest: boolean;
  /** Gets two more messages and a second "resolved" webhook (new event id) later in the run. */
  resolvedAgain: boolean;
}

export type Delivery =
  | {
      kind: 'first' | 'duplicate' | 'resolved-again';
      conversation: PlannedConversation;
      eventId: string;
      order: number;
    }
  | { kind: 'malformed'; variant: number; conversationId: string; order: number };

export interface ScenarioPlan {
  conversations: PlannedConversation[];
  deliveries: Delivery[];
}

/** mulberry32: tiny, seedable, good enough to shuffle test traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MALFORMED_CONVERSATION_BASE = 9_000_000;

/**
 * `total` deliveries: 10% exact duplicates (same event id), 5% second resolutions of a conversation,
 * 3% malformed, the rest first deliveries of distinct conversations. Integration C holds 10% of the
 * conversations (its key is revoked mid-run); 1% of A's conversations do not exist in CarrotQuest.
 * Every repeat is ordered after the delivery it repeats.
 */
export function planScenario(total: number, seed: number): ScenarioPlan {
  const random = seededRandom(seed);
  const malformed = Math.round(total * 0.03);
  const duplicates = Math.round(total * 0.1);
  const resolvedAgain = Math.round(total * 0.05);
  const firsts = total - malformed - duplicates - resolvedAgain;
  const now = Math.floor(Date.now() / 1000);

  const conversations: PlannedConversation[] = [];
  for (let i = 0; i < firsts; i += 1) {
    const integration: IntegrationName = i % 10 === 9 ? 'C' : i % 2 === 0 ? 'A' : 'B';
    conversations.push({
      index: i,
      integration,
      deletedInCarrotQuest: integration === 'A' && i % 100 === 0,
      resolvedAgain: false,
      scenario: {
        conversationId: String(5_000_000 + i),
        userId: String(8_000_000 + i),
        channel: i % 3 === 0 ? 'telegram' : 'widget',
        createdAt: now - 3600 - (i % 600),
        name: `Посетитель ${i}`,
        phone: i % 2 === 0 ? `+7912${String(1_000_000 + i).slice(-7)}` : null,
        email: i % 2 === 1 ? `visitor${i}@example.ru` : null,
        messages: 6 + (i % 15),
      },
    });
  }

  const firstDeliveries = conversations.map((conversation, i) => ({
    kind: 'first' as const,
    conversation,
    eventId: String(100_000_000 + i),
    order: i / firsts,
  }));
  const deliveries: Delivery[] = [...firstDeliveries];
  const after = (order: number) => order + random() * (1 - order);
  for (let n = 0; n < duplicates; n += 1) {
    const original = firstDeliveries[Math.floor(random() * firsts)]!;
    deliveries.push({ ...original, kind: 'duplicate', order: after(original.order) });
  }
  const eligible = conversations.filter((c) => c.integration !== 'C' && !c.deletedInCarrotQuest);
  for (let n = 0; n < resolvedAgain; n += 1) {
    let conversation = eligible[Math.floor(random() * eligible.length)]!;
    while (conversation.resolvedAgain) conversation = eligible[Math.floor(random() * eligible.length)]!;
    conversation.resolvedAgain = true;
    deliveries.push({
      kind: 'resolved-again',
      conversation,
      eventId: String(200_000_000 + n),
      order: after(conversation.index / firsts),
    });
  }
  for (let n = 0; n < malformed; n += 1) {
    deliveries.push({
      kind: 'malformed',
      variant: n,
      conversationId: String(MALFORMED_CONVERSATION_BASE + n),
      order: random(),
    });
  }
  deliveries.sort((a, b) => a.order - b.order);
  return { conversations, deliveries };
}
