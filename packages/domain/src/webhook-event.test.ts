import { expect } from 'chai';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { parseCarrotQuestWebhook, QUESTION_RESOLVED_EVENT } from './webhook-event';

const fixture = () => Object.fromEntries(new URLSearchParams(loadWebhookBody()));
const withEvent = (event: unknown) => ({ ...fixture(), event: typeof event === 'string' ? event : JSON.stringify(event) });

describe('parseCarrotQuestWebhook', () => {
  it('reads the fixture "question resolved" webhook exactly', () => {
    expect(parseCarrotQuestWebhook(fixture())).to.deep.equal({
      kind: 'event',
      event: {
        eventName: QUESTION_RESOLVED_EVENT,
        eventId: '9182736450',
        conversationId: '27364519',
        carrotUserId: '1038472615',
        token: '6f1c2a9e-3b7d-4e58-9a0c-d2e4f6a8b1c3',
        createdAt: new Date(1764058355 * 1000),
      },
    });
  });

  it('accepts the JSON variant with nested objects', () => {
    const body = { type: 'event', event_name: QUESTION_RESOLVED_EVENT, event_id: 5, user_id: 7, event: { id: 5, props: { $conversation_id: '123' } } };
    expect(parseCarrotQuestWebhook(body)).to.deep.include({ kind: 'event' });
  });

  it('keeps every digit of a conversation id past 2^53 when it came as JSON text', () => {
    const result = parseCarrotQuestWebhook(withEvent('{"id": 1, "props": {"$conversation_id": 12345678901234567890}}'));
    expect(result).to.have.nested.property('event.conversationId', '12345678901234567890');
  });

  it('recognises a trigger-message webhook as not an event', () => {
    expect(parseCarrotQuestWebhook({ type: 'message_webhook', message_id: '1' })).to.deep.equal({ kind: 'not-an-event', type: 'message_webhook' });
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
    ['a conversation id that is not a number', withEvent({ id: 1, props: { $conversation_id: 'abc' } }), /\$conversation_id must be a decimal id/],
    ['a conversation id that is an object', withEvent({ id: 1, props: { $conversation_id: { $gt: 1 } } }), /\$conversation_id must be a decimal id, got object/],
    ['a negative conversation id', withEvent({ id: 1, props: { $conversation_id: -5 } }), /not an exact non-negative integer/],
    ['an event id with SQL in it', { ...fixture(), event_id: "1; DROP TABLE \"Chat\"" }, /event_id must be a decimal id/],
    ['no event id anywhere', { ...withEvent({ props: { $conversation_id: 1 } }), event_id: undefined }, /"event_id" is missing/],
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
    const body = JSON.parse(`{"type":"event","event_name":"${QUESTION_RESOLVED_EVENT}","event_id":"1","__proto__":{"polluted":true},"event":"{\\"__proto__\\":{\\"polluted\\":true},\\"props\\":{\\"$conversation_id\\":9}}"}`);
    const result = parseCarrotQuestWebhook(body);
    expect(result).to.have.nested.property('event.conversationId', '9');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
