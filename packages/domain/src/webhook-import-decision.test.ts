import { expect } from 'chai';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { QUESTION_RESOLVED_EVENT } from './webhook-event';
import { decideWebhookImport } from './webhook-import-decision';

const ACCEPTED = [QUESTION_RESOLVED_EVENT];
const fixture = () => Object.fromEntries(new URLSearchParams(loadWebhookBody()));
const part = (closed: boolean) =>
  JSON.stringify({
    id: '11529215046068469760',
    conversation: 64558819,
    from: 85648207,
    conversation_closed: closed,
    type: 'reply_user',
  });

describe('decideWebhookImport', () => {
  it('enqueues an accepted event for its conversation, with the event id as the idempotency key', () => {
    expect(decideWebhookImport(fixture(), ACCEPTED)).to.deep.equal({
      action: 'enqueue',
      request: { conversationId: '27364519', carrotUserId: '1038472615', eventId: '9182736450' },
      facts: { kind: 'event', eventName: QUESTION_RESOLVED_EVENT, conversationId: '27364519' },
    });
  });

  it('ignores an event whose name is not accepted, naming it', () => {
    expect(decideWebhookImport(fixture(), ['$other_event'])).to.deep.equal({
      action: 'ignore',
      reason: `event ${QUESTION_RESOLVED_EVENT} is not imported`,
      facts: { kind: 'event', eventName: QUESTION_RESOLVED_EVENT, conversationId: '27364519' },
    });
  });

  it('refuses an accepted event that names no conversation, listing where it looked', () => {
    const body = { ...fixture(), event: JSON.stringify({ id: 1, props: {} }) };
    const decision = decideWebhookImport(body, ACCEPTED);
    expect(decision).to.deep.include({
      action: 'refuse',
      searched: ['event.props.$conversation_id', 'conversation.id', 'conversation.conversation'],
    });
    expect(decision)
      .to.have.property('problem')
      .that.matches(/^no conversation id in the delivery: searched event\.props\.\$conversation_id, /);
  });

  it('enqueues a closed conversation from the per-message webhook as part-<message id>', () => {
    expect(decideWebhookImport({ type: 'conversation', conversation: part(true) }, ACCEPTED)).to.deep.equal({
      action: 'enqueue',
      request: { conversationId: '64558819', carrotUserId: '85648207', eventId: 'part-11529215046068469760' },
      facts: { kind: 'conversation', eventName: null, conversationId: '64558819' },
    });
  });

  it('ignores a message of a conversation not closed yet, whatever event names are accepted', () => {
    expect(decideWebhookImport({ type: 'conversation', conversation: part(false) }, ACCEPTED)).to.deep.equal({
      action: 'ignore',
      reason: 'the conversation is not closed yet (conversation_closed is not true)',
      facts: { kind: 'conversation', eventName: null, conversationId: '64558819' },
    });
  });

  it('ignores a webhook of another type, naming the type', () => {
    expect(decideWebhookImport({ type: 'message_webhook' }, ACCEPTED)).to.deep.equal({
      action: 'ignore',
      reason: 'not an event webhook (message_webhook)',
      facts: { kind: 'message_webhook', eventName: null, conversationId: null },
    });
  });

  it("refuses an unreadable body with the parser's problem and no facts", () => {
    expect(decideWebhookImport({ event_name: 'x' }, ACCEPTED)).to.deep.equal({
      action: 'refuse',
      problem: 'field "type" is missing',
      facts: { kind: null, eventName: null, conversationId: null },
    });
  });
});
