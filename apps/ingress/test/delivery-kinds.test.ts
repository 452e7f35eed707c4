import { expect } from 'chai';
import { buildConversationPartWebhookBody } from '@carrot-bridge/carrotquest-fake';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { chatImportJobId } from '@carrot-bridge/queue';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { FIXTURE_TOKEN, formWith, post, publish, startIngress, type Stack } from './ingress-harness';

// The delivery shapes CarrotQuest may really send (issue #11), and the delivery log that shows them.
describe('webhook delivery kinds and the delivery log (real Redis)', function () {
  this.timeout(20_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'));
  });
  after(() => stack.close());

  it('imports a type=conversation delivery once its conversation_closed is true, ignores it before', async () => {
    const { key, integrationId } = await publish(stack);
    const open = await post(
      stack,
      key,
      buildConversationPartWebhookBody({
        partId: '11529215046068469760',
        conversationId: '64558819',
        userId: '85648207',
        closed: false,
      }),
    );
    expect(open).to.deep.include({ status: 200 });
    expect(open.body.status).to.equal('ignored');
    const closed = await post(
      stack,
      key,
      buildConversationPartWebhookBody({
        partId: '11529215046068469761',
        conversationId: '64558819',
        userId: '85648207',
        closed: true,
      }),
    );
    expect(closed.body).to.deep.equal({ status: 'queued', eventId: 'part-11529215046068469761' });
    const job = await stack.producer.queue.getJob(
      chatImportJobId({ integrationId, eventId: 'part-11529215046068469761' }),
    );
    expect(job?.data).to.deep.include({ conversationId: '64558819', carrotUserId: '85648207' });
  });

  it('reads a base64-encoded body (the chat-webhook article says the POST is base64)', async () => {
    const { key, integrationId } = await publish(stack);
    const form = buildConversationPartWebhookBody({
      partId: '700',
      conversationId: '64558820',
      userId: '85648207',
      closed: true,
    });
    const result = await post(stack, key, Buffer.from(form).toString('base64'));
    expect(result.body).to.deep.equal({ status: 'queued', eventId: 'part-700' });
    expect(
      (await stack.producer.queue.getJob(chatImportJobId({ integrationId, eventId: 'part-700' })))?.data.conversationId,
    ).to.equal('64558820');
  });

  it('takes the conversation id from a `conversation` field when the event props hold none', async () => {
    const { key, integrationId } = await publish(stack);
    const body = formWith({
      event: '{"id": 9182736450, "created": 1764058355, "props": {}}',
      conversation: '{"id": 12345678901234567891, "closed": true}',
    });
    expect((await post(stack, key, body)).body.status).to.equal('queued');
    const job = await stack.producer.queue.getJob(chatImportJobId({ integrationId, eventId: '9182736450' }));
    expect(job?.data.conversationId).to.equal('12345678901234567891');
  });

  it('keeps every digit of ids past 2^53 in a JSON body', async () => {
    const { key, integrationId } = await publish(stack);
    const body = `{"type":"event","event_name":"$conversation_part_group_closed","event_id":"77","token":"${FIXTURE_TOKEN}","event":{"id":77,"props":{"$conversation_id":98765432109876543210}}}`;
    expect((await post(stack, key, body, 'application/json')).body.status).to.equal('queued');
    expect(
      (await stack.producer.queue.getJob(chatImportJobId({ integrationId, eventId: '77' })))?.data.conversationId,
    ).to.equal('98765432109876543210');
  });

  it('says which places were searched when no place holds a conversation id', async () => {
    const { key } = await publish(stack);
    const result = await post(stack, key, formWith({ event: '{"id": 5, "props": {"other": 1}}' }));
    expect(result.status).to.equal(400);
    expect(result.body.searched).to.deep.equal([
      'event.props.$conversation_id',
      'conversation.id',
      'conversation.conversation',
    ]);
    expect(result.body.message).to.contain('event.props.$conversation_id');
  });

  it('lists an accepted delivery with its body as understood and redacted; a wrong token is only counted, with no body', async () => {
    const { key, integrationId } = await publish(stack, { token: FIXTURE_TOKEN });
    expect((await post(stack, key, formWith({ token: 'wrong-token-value' }))).status).to.equal(401);
    expect((await post(stack, key, loadWebhookBody())).status).to.equal(200);
    const { deliveries, bodies, unauthenticated } = await waitFor(
      'the accepted delivery in the log and the refused one counted',
      async () => {
        const read = await stack.deliveryLog.read(integrationId);
        return read.deliveries.length === 1 && read.unauthenticated.count === 1 ? read : undefined;
      },
    );
    expect(deliveries[0]).to.deep.include({
      httpStatus: 200,
      status: 'queued',
      kind: 'event',
      eventName: '$conversation_part_group_closed',
      conversationId: '27364519',
      problem: null,
    });
    expect(unauthenticated.byAnswer).to.deep.equal({ invalid_token: 1 });
    expect(bodies).to.have.length(1);
    const text = JSON.stringify(await stack.redis.lrange(`${stack.prefix}:deliveries:bodies:${integrationId}`, 0, -1));
    expect(text).not.to.contain(FIXTURE_TOKEN);
    expect(text).not.to.contain('wrong-token-value');
    expect(bodies[0]).to.deep.include({ encoding: 'form', sha256: null });
    const fields = JSON.parse(bodies[0]!.body) as Record<string, string>;
    expect(fields).to.deep.include({
      token: '[redacted]',
      event_id: '9182736450',
      event_name: '$conversation_part_group_closed',
    });
  });

  it('keeps a base64 JSON body as understood, ids past 2^53 with every digit, and its token redacted', async () => {
    const { key, integrationId } = await publish(stack, { token: FIXTURE_TOKEN });
    const json = `{"type":"event","event_name":"$conversation_part_group_closed","event_id":"78","tok\\u0065n":"${FIXTURE_TOKEN}","event":"{\\"id\\":78,\\"props\\":{\\"$conversation_id\\":98765432109876543211,\\"token\\":\\"${FIXTURE_TOKEN}\\"}}"}`;
    expect((await post(stack, key, Buffer.from(json).toString('base64'))).body.status).to.equal('queued');
    const { bodies } = await waitFor('the body in the log', async () => {
      const read = await stack.deliveryLog.read(integrationId);
      return read.bodies.length === 1 ? read : undefined;
    });
    expect(bodies[0]).to.deep.include({ encoding: 'base64+json' });
    expect(bodies[0]!.body).not.to.contain(FIXTURE_TOKEN);
    const fields = JSON.parse(bodies[0]!.body) as Record<string, string>;
    expect(fields.token).to.equal('[redacted]');
    expect(JSON.parse(fields.event!)).to.deep.equal({
      id: 78,
      props: { $conversation_id: '98765432109876543211', token: '[redacted]' },
    });
  });

  it('accepts a base64 delivery that is not an event with the right token (read inside the decoded body)', async () => {
    const { key } = await publish(stack, { token: FIXTURE_TOKEN });
    const result = await post(
      stack,
      key,
      Buffer.from(`type=message_webhook&token=${FIXTURE_TOKEN}`).toString('base64'),
    );
    expect(result).to.deep.include({ status: 200 });
    expect(result.body.status).to.equal('ignored');
  });

  it("counts an unknown key in the summarised warning, and lists nothing for it in an integration's log", async () => {
    const { key, integrationId } = await publish(stack);
    const unknown = await post(stack, 'x'.repeat(43), loadWebhookBody());
    expect(unknown.status).to.equal(404);
    expect(unknown.body.status).to.equal('unknown_webhook_key');
    // The 404 is seen where it is meant to be: the first unknown key is warned about at once, counted.
    const warnings = stack.lines.filter((line) => String(line.message).startsWith('webhooks with an unknown key'));
    expect(warnings.map((line) => [line.level, line.count])).to.deep.equal([['warn', 1]]);
    // A known key's delivery sent after it is its integration's only entry (the log is written in order).
    expect((await post(stack, key, loadWebhookBody())).status).to.equal(200);
    const log = await waitFor('the known delivery in the log', async () => {
      const read = await stack.deliveryLog.read(integrationId);
      return read.deliveries.length > 0 ? read : undefined;
    });
    expect(log.deliveries.map((d) => `${d.status} ${d.conversationId}`)).to.deep.equal(['queued 27364519']);
  });
});
