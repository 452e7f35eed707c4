import { expect } from 'chai';
import { buildScenario } from './chat-scenario';
import { buildQuestionResolvedWebhooks } from './resolved-webhook';

describe('buildQuestionResolvedWebhooks', () => {
  const t0 = 1_764_000_000;
  const { parts } = buildScenario({
    conversationId: '9223372036854775009',
    userId: '18446744073709551009',
    questions: [
      { startedAt: t0, messages: 2 },
      { startedAt: t0 + 86_400, messages: 3, closedPart: true },
    ],
  });

  it('gives each question its own $conversation_part_group_closed event naming only the conversation', () => {
    const webhooks = buildQuestionResolvedWebhooks({
      conversationId: '9223372036854775009',
      userId: '18446744073709551009',
      parts,
      firstEventId: '9223372036854775800',
    });
    expect(webhooks.map((w) => [w.partGroup, w.eventId, w.createdAt])).to.deep.equal([
      ['922337203685477500901', '9223372036854775800', t0 + 30],
      ['922337203685477500902', '9223372036854775801', t0 + 86_400 + 90],
    ]);
    const form = new URLSearchParams(webhooks[1]!.body);
    expect(form.get('event_name')).to.equal('$conversation_part_group_closed');
    expect(form.get('event_id')).to.equal('9223372036854775801');
    expect(form.get('user_id')).to.equal('18446744073709551009');
    // Ids as bare JSON numbers with every digit; the props hold the conversation id and nothing else.
    expect(form.get('event')).to.equal(
      `{"id":9223372036854775801,"created":${t0 + 86_400 + 90},"props":{"$conversation_id":9223372036854775009}}`,
    );
  });

  it('keeps a question its event id when only some questions are picked', () => {
    const [only] = buildQuestionResolvedWebhooks({
      conversationId: '9223372036854775009',
      userId: '18446744073709551009',
      parts,
      firstEventId: '500',
      questions: ['922337203685477500902'],
    });
    expect(only).to.deep.include({ partGroup: '922337203685477500902', eventId: '501' });
  });
});
