// The pipeline bench's conversations: what the fake CarrotQuest holds for chat i, and the chat row and
// messages the pipeline writes for it, and the bare upsert loops that write those rows without the pipeline.
import { buildScenario, type ChatScenario } from '@carrot-bridge/carrotquest-fake';
import { upsertChats, type ChatWrite, type SqlRunner } from '@carrot-bridge/db';
import { chatRecordFixture, type IntegrationFixture } from '@carrot-bridge/test-support';

export function scenario(i: number): ChatScenario {
  return {
    conversationId: String(10_000_000 + i),
    userId: String(20_000_000 + i),
    channel: i % 3 === 0 ? 'telegram' : 'widget',
    name: `Посетитель ${i}`,
    phone: i % 2 === 0 ? `+7912${String(1_000_000 + (i % 9_000_000)).slice(-7)}` : null,
    email: i % 2 === 1 ? `visitor${i}@example.ru` : null,
    messages: 6 + (i % 15),
  };
}

/** The chat row and messages the pipeline writes for scenario `i`, built without the pipeline. */
export function bareWrite(fixture: IntegrationFixture, i: number): ChatWrite {
  const s = scenario(i);
  const built = buildScenario(s);
  const chat = chatRecordFixture(fixture, s.conversationId, {
    carrotUserId: s.userId,
    channel: s.channel === 'telegram' ? 'telegram' : 'widget',
    contactName: s.name ?? null,
    contactPhone: s.phone ?? null,
    contactEmail: s.email ?? null,
    startedAt: new Date(built.conversation.created * 1000),
    messagesCount: built.parts.length,
    firstVisitorMessage: String(built.parts[0]!.body),
  });
  const messages = built.parts.map((p, k) => ({
    partId: String(p.id),
    sentAt: new Date(p.created * 1000),
    author: k % 2 === 0 ? ('visitor' as const) : ('operator' as const),
    partType: String(p.type),
    operatorName: k % 2 === 0 ? null : 'Алексей',
    text: String(p.body),
  }));
  return { chat, messages, tagId: null };
}

/** `writes` by `loops` parallel loops of `perStatement` chats per upsertChats statement (built beforehand: not timed). */
export async function upsertLoops(
  sql: SqlRunner,
  writes: ChatWrite[],
  perStatement: number,
  loops: number,
): Promise<void> {
  let cursor = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (cursor < writes.length) {
        const batch = writes.slice(cursor, cursor + perStatement);
        cursor += batch.length;
        await upsertChats(sql, batch);
      }
    }),
  );
}
