import { expect } from 'chai';
import fc from 'fast-check';
import { QUESTION_RESOLVED_EVENT } from '@carrot-bridge/domain';
import { requireEnv } from '@carrot-bridge/test-support';
import { FORM, publish, startIngress, type Stack } from './ingress-harness';

// Random webhooks, built from the fields CarrotQuest sends and from what a stranger sends instead, in
// every body form the ingress reads (form, JSON, a declared UTF-16 charset, other types): whatever
// arrives is answered 2xx or 4xx with a JSON body, never 500, and every job it queues is one the
// worker's catalog accepts. hostile-bodies.test.ts holds the named cases; this looks for the unnamed.
describe('webhook fuzz: no 500 for any body (real Redis)', function () {
  this.timeout(120_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'));
  });
  after(() => stack.close());

  const text = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({
      unit: fc.constantFrom('\ud800', '\udfff', '😀', '\u0000', '"', '\\', '%', '&', '=', '+', '{', '[', 'я', '9'),
      maxLength: 30,
    }),
    fc.constantFrom('', '1e30', '-1', '12.5', '18446744073709551615', '9'.repeat(30), 'x'.repeat(70_000)),
  );
  const id = fc.oneof(fc.constantFrom('1', '27364519', '1160406004324630614'), fc.integer(), text);
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      tie('list'),
      tie('object'),
    ),
    list: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(
      fc.oneof(fc.constantFrom('id', 'props', '$conversation_id', '__proto__'), text),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  })).value;
  const event = fc.oneof(
    json,
    fc.record({ id, props: fc.record({ $conversation_id: id }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  );
  const fields = fc.record(
    {
      type: fc.oneof(fc.constant('event'), text),
      event_name: fc.oneof(fc.constant(QUESTION_RESOLVED_EVENT), text),
      event_id: id,
      user_id: id,
      event: fc.oneof(
        event,
        event.map((e) => JSON.stringify(e)),
      ),
    },
    { requiredKeys: [] },
  );
  /** A webhook as CarrotQuest sends it, new ids each time, with at most one field replaced by a stranger's value. */
  const digits = fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String);
  const nearlyValid = fc
    .tuple(
      fc.record({ event_id: digits, user_id: digits, conversation: digits }),
      fc.constantFrom(null, 'type', 'event_name', 'event_id', 'user_id', 'event'),
      fc.oneof(text, json),
    )
    .map(([ids, replaced, value]) => {
      const webhook: Record<string, unknown> = {
        type: 'event',
        event_name: QUESTION_RESOLVED_EVENT,
        event_id: ids.event_id,
        user_id: ids.user_id,
        event: JSON.stringify({ id: ids.event_id, props: { $conversation_id: ids.conversation } }),
      };
      if (replaced) webhook[replaced] = value;
      return webhook;
    });
  const asForm = (record: Record<string, unknown>) =>
    new URLSearchParams(
      Object.entries(record).map(([k, v]): [string, string] => [
        k,
        typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
      ]),
    ).toString();
  const request = fc.oneof(
    fields.map((f) => [FORM, Buffer.from(asForm(f))] as const),
    fields.map((f) => ['application/json', Buffer.from(JSON.stringify(f))] as const),
    nearlyValid.map((f) => [FORM, Buffer.from(asForm(f))] as const),
    nearlyValid.map((f) => ['application/json', Buffer.from(JSON.stringify(f))] as const),
    // A lone surrogate written as itself, not escaped: how a UTF-16 body decodes.
    fields.map((f) => ['application/json; charset=utf-16le', Buffer.from(JSON.stringify(f), 'utf16le')] as const),
    fc
      .tuple(fc.constantFrom('text/plain', 'application/octet-stream', FORM, 'application/json'), text)
      .map(([type, body]) => [type, Buffer.from(body)] as const),
  );

  it('150 random webhooks: each answered below 500 with a JSON body, each queued job valid', async () => {
    const { key, integrationId } = await publish(stack);
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ([contentType, body]) => {
        const response = await fetch(`${stack.base}/webhooks/carrotquest/${key}`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });
        const answer = (await response.json()) as { status?: unknown };
        statuses.push(response.status);
        expect(
          response.status,
          `${contentType} ${body.toString().slice(0, 300)} → ${JSON.stringify(answer)}`,
        ).to.be.below(500);
        expect(answer.status).to.be.a('string');
      }),
      // No shrinking: the failing request is in the message as sent.
      { numRuns: 150, endOnFailure: true },
    );
    // The run reached both sides: refusals, and webhooks that were queued or knowingly ignored.
    expect(statuses.filter((s) => s >= 400).length).to.be.greaterThan(10);
    expect(statuses.filter((s) => s < 300).length).to.be.greaterThan(0);
    const jobs = (await stack.producer.queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
      (j) => j.data.integrationId === integrationId,
    );
    // Some went through to the queue (the check below is not over an empty list).
    expect(jobs.length).to.be.greaterThan(5);
    for (const job of jobs) {
      expect(job.data.conversationId).to.match(/^\d{1,20}$/);
      expect(job.data.eventId).to.match(/^[A-Za-z0-9_-]{1,80}$/);
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect((await fetch(`${stack.base}/healthz`)).status).to.equal(200);
  });
});
