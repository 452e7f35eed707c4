import { expect } from 'chai';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { parseCarrotQuestWebhook, QUESTION_RESOLVED_EVENT } from './webhook-event';

const fixture = () => Object.fromEntries(new URLSearchParams(loadWebhookBody()));
const withEvent = (event: unknown) => ({
  ...fixture(),
  event: typeof event === 'string' ? event : JSON.stringify(event),
});

describe('parseCarrotQuestWebhook', () => {
  it('reads the fixture "question resolved" webhook exactly', () => {
    expect(parseCarrotQuestWebhook(fixture())).to.deep.equal({
      kind: 'event',
      event: {
        eventName: QUESTION_RESOLVED_EVENT,
        eventId: '9182736450',
        conversationId: '27364519',
        conversationIdPlace: 'event.props.$conversation_id',
        carrotUserId: '1038472615',
        token: '6f1c2a9e-3b7d-4e58-9a0c-d2e4f6a8b1c3',
        createdAt: new Date(1764058355 * 1000),
      },
    });
  });

  it('accepts the JSON variant with nested objects', () => {
    const body = {
      type: 'event',
      event_name: QUESTION_RESOLVED_EVENT,
      event_id: 5,
      user_id: 7,
      event: { id: 5, props: { $conversation_id: '123' } },
    };
    expect(parseCarrotQuestWebhook(body)).to.deep.include({ kind: 'event' });
  });

  it('keeps every digit of a conversation id past 2^53 when it came as JSON text', () => {
    const result = parseCarrotQuestWebhook(withEvent('{"id": 1, "props": {"$conversation_id": 12345678901234567890}}'));
    expect(result).to.have.nested.property('event.conversationId', '12345678901234567890');
  });

  it('reads the conversation id from the field the parser read, never from another one nested deeper', () => {
    // `$conversation_id` given twice: as 1e30 (not an exact id) and, nested deeper, as 42.
    const result = parseCarrotQuestWebhook(
      withEvent('{"id": 1, "props": {"$conversation_id": 1e30, "x": {"$conversation_id": 42}}}'),
    );
    expect(result.kind).to.equal('invalid');
    expect((result as { problem: string }).problem).to.match(/not an exact non-negative integer/);
  });

  it('finds the id in a `conversation` field holding a Conversation or a ConversationPart, and says where', () => {
    const asConversation = parseCarrotQuestWebhook({
      ...withEvent({ id: 1, props: {} }),
      conversation: '{"id": 98765432109876543210, "closed": true}',
    });
    expect(asConversation).to.deep.nested.include({
      'event.conversationId': '98765432109876543210',
      'event.conversationIdPlace': 'conversation.id',
    });
    const asPart = parseCarrotQuestWebhook({
      ...withEvent({ id: 1, props: {} }),
      conversation: { id: 55, conversation: 64558819, conversation_closed: true },
    });
    expect(asPart).to.deep.nested.include({
      'event.conversationId': '64558819',
      'event.conversationIdPlace': 'conversation.conversation',
    });
  });

  it('leaves the id null, with no place, when no known place holds one', () => {
    const result = parseCarrotQuestWebhook(withEvent({ id: 1, props: { other: 2 } }));
    expect(result).to.deep.nested.include({ 'event.conversationId': null, 'event.conversationIdPlace': null });
  });

  it('reads the per-message chat webhook (type=conversation): the part, its conversation and whether it is closed', () => {
    const part =
      '{"direction":"u2a","conversation_closed":true,"conversation_tags":[],"type":"reply_user","id":11529215046068469760,"body":"Спасибо","sent_via":"web_user","created":1764058355,"random_id":0,"conversation":64558819,"from":85648207}';
    expect(parseCarrotQuestWebhook({ type: 'conversation', token: 't0k', conversation: part })).to.deep.equal({
      kind: 'conversation-part',
      part: {
        partId: '11529215046068469760',
        conversationId: '64558819',
        conversationClosed: true,
        carrotUserId: '85648207',
        token: 't0k',
      },
    });
    const open = parseCarrotQuestWebhook({
      type: 'conversation',
      conversation: part.replace('"conversation_closed":true', '"conversation_closed":false'),
    });
    expect(open).to.have.nested.property('part.conversationClosed', false);
    expect(parseCarrotQuestWebhook({ type: 'conversation', conversation: '{"id": 1}' })).to.deep.include({
      kind: 'invalid',
    });
  });

  it('recognises a trigger-message webhook as not an event', () => {
    expect(parseCarrotQuestWebhook({ type: 'message_webhook', message_id: '1' })).to.deep.equal({
      kind: 'not-an-event',
      type: 'message_webhook',
    });
  });

  it('gives a non-resolved event with no conversation a null conversation id (the edge ignores it)', () => {
    const result = parseCarrotQuestWebhook({ ...withEvent({ id: 1, props: {} }), event_name: '$page_view' });
    expect(result).to.have.nested.property('event.conversationId', null);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an array body', [], /form fields or a JSON object/],
    ['no type', { event_name: 'x' }, /"type" is missing/],
    ['no event name', { ...fixture(), event_name: '' }, /"event_name" is missing/],
    ['an event that is not JSON', withEvent('{"id": 1,'), /"event" is not valid JSON/],
    ['an event that is a JSON array', withEvent('[1,2]'), /must be a JSON object/],
    ['no event field', { ...fixture(), event: undefined }, /"event" is missing/],
    ['a user field that is not JSON', { ...fixture(), user: '{oops' }, /"user" is not valid JSON/],
    [
      'a conversation id that is not a number',
      withEvent({ id: 1, props: { $conversation_id: 'abc' } }),
      /\$conversation_id must be a decimal id/,
    ],
    [
      'a conversation id that is an object',
      withEvent({ id: 1, props: { $conversation_id: { $gt: 1 } } }),
      /\$conversation_id must be a decimal id, got object/,
    ],
    [
      'a negative conversation id',
      withEvent({ id: 1, props: { $conversation_id: -5 } }),
      /not an exact non-negative integer/,
    ],
    ['an event id with SQL in it', { ...fixture(), event_id: '1; DROP TABLE "Chat"' }, /event_id must be a decimal id/],
    [
      'no event id anywhere',
      { ...withEvent({ props: { $conversation_id: 1 } }), event_id: undefined },
      /"event_id" is missing/,
    ],
    ['props that are a string', withEvent({ id: 1, props: 'x' }), /event.props must be an object/],
    ['a token that is not a string', { ...fixture(), token: ['a', 'b'] }, /"token" must be a string/],
    ['a user id of 40 digits', { ...fixture(), user_id: '1'.repeat(40) }, /user_id must be a decimal id/],
  ];
  for (const [name, body, problem] of invalid) {
    it(`rejects ${name}, naming the problem`, () => {
      const result = parseCarrotQuestWebhook(body);
      expect(result.kind).to.equal('invalid');
      expect((result as { problem: string }).problem).to.match(problem);
    });
  }

  it('ignores prototype-pollution keys and pollutes nothing', () => {
    const body = JSON.parse(
      `{"type":"event","event_name":"${QUESTION_RESOLVED_EVENT}","event_id":"1","__proto__":{"polluted":true},"event":"{\\"__proto__\\":{\\"polluted\\":true},\\"props\\":{\\"$conversation_id\\":9}}"}`,
    );
    const result = parseCarrotQuestWebhook(body);
    expect(result).to.have.nested.property('event.conversationId', '9');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
