import { expect } from 'chai';
import { QUESTION_RESOLVED_EVENT } from '@carrot-bridge/domain';
import { requireEnv } from '@carrot-bridge/test-support';
import { FORM, formWith, post, publish, startIngress, type Stack } from './ingress-harness';

const JSON_TYPE = 'application/json';
const validJson = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'event',
    event_name: QUESTION_RESOLVED_EVENT,
    event_id: '1',
    user_id: '2',
    event: JSON.stringify({ id: 1, props: { $conversation_id: 3 } }),
    ...over,
  });

// Bodies an attacker or a broken sender may post: each gets a clear 4xx (or `ignored` when it is a
// well-formed event we do not import), nothing is queued, and the process keeps answering.
const corpus: Array<[string, string, string, number]> = [
  ['ids of the wrong type', JSON_TYPE, validJson({ event_id: [1, 2] }), 400],
  // Ids past 2^53 written as bare digits are read exactly (delivery-kinds.test.ts); a number that is no exact integer is refused.
  [
    'a conversation id in exponent form',
    JSON_TYPE,
    validJson({ event: { id: 1, props: { $conversation_id: 1e30 } } }),
    400,
  ],
  ['an event id that is a fraction', JSON_TYPE, validJson({ event_id: 12.5 }), 400],
  ['a 60 KB event name', FORM, formWith({ event_name: 'x'.repeat(60_000) }), 400],
  ['JSON nested 5,000 deep in the event', FORM, formWith({ event: '['.repeat(5000) + ']'.repeat(5000) }), 400],
  [
    'prototype-pollution keys',
    JSON_TYPE,
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"event"}',
    400,
  ],
  [
    'SQL in the conversation id',
    FORM,
    formWith({ event: JSON.stringify({ id: 1, props: { $conversation_id: '1 OR 1=1; DROP TABLE "Chat"' } }) }),
    400,
  ],
  [
    'HTML in the event name (an event we do not import)',
    FORM,
    formWith({ event_name: '<script>alert(1)</script>' }),
    200,
  ],
  ['invalid UTF-8 bytes', FORM, 'type=event&event_name=%FF%FE&event=%C3%28&event_id=1', 400],
  ['a JSON array body', JSON_TYPE, '[1,2,3]', 400],
  ['an empty body', FORM, '', 400],
  ['a form with 1,000 fields', FORM, Array.from({ length: 1000 }, (_, i) => `f${i}=1`).join('&'), 400],
];

describe('ingress against hostile webhook bodies (real Redis)', function () {
  this.timeout(30_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'));
  });
  after(() => stack.close());

  for (const [name, contentType, body, status] of corpus) {
    it(`answers ${status} to ${name} and queues nothing`, async () => {
      const { key, integrationId } = await publish(stack);
      const result = await post(stack, key, body, contentType);
      expect(result.status).to.equal(status);
      expect(result.body.status).to.be.a('string');
      if (status >= 400) expect(result.body.message).to.be.a('string').and.not.equal('');
      expect(
        (await stack.producer.queue.getJobs(['waiting', 'delayed'])).filter(
          (j) => j.data.integrationId === integrationId,
        ),
      ).to.have.length(0);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect((await fetch(`${stack.base}/healthz`)).status).to.equal(200);
    });
  }

  it('never echoes HTML from a body back in an answer', async () => {
    const { key } = await publish(stack);
    const result = await post(stack, key, formWith({ event: '<img src=x onerror=alert(1)>' }));
    expect(result.status).to.equal(400);
    expect(JSON.stringify(result.body)).not.to.contain('<img');
  });
});
