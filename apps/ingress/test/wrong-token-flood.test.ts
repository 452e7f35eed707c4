import { expect } from 'chai';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { FIXTURE_TOKEN, formWith, post, publish, startIngress, type Stack } from './ingress-harness';

const FLOOD = 3_000;
const CONCURRENCY = 50;

// Issue #20, D: the order at the door. A stranger who knows the webhook URL but not the token floods
// it; the integration's own limit is small here, so spending it on the flood would refuse the real
// delivery that follows.
describe('a wrong-token flood does not starve the integration (real Redis)', function () {
  this.timeout(90_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'), {
      burst: 100,
      perSecond: 0.1,
      failureBurst: 50,
      failurePerSecond: 5,
    });
  });
  after(() => stack.close());

  it(`answers ${FLOOD} wrong-token deliveries 401 or 429, then queues and lists the real one`, async () => {
    const { key, integrationId } = await publish(stack, { token: FIXTURE_TOKEN });
    const linesBefore = stack.lines.length;
    const statuses = new Map<number, number>();
    let sent = 0;
    const sender = async () => {
      while (sent < FLOOD) {
        sent += 1;
        const { status } = await post(stack, key, formWith({ token: `wrong-${sent}` }));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    expect([...statuses.keys()].sort()).to.deep.equal([401, 429]);
    expect((statuses.get(401) ?? 0) + (statuses.get(429) ?? 0)).to.equal(FLOOD);

    const real = await post(stack, key, loadWebhookBody());
    expect(real.status).to.equal(200);
    expect(real.body.status).to.equal('queued');
    const log = await waitFor('the real delivery in the log and the flood counted', async () => {
      const read = await stack.deliveryLog.read(integrationId);
      return read.deliveries.length > 0 && read.unauthenticated.count === FLOOD ? read : undefined;
    });
    expect(log.deliveries.map((d) => `${d.status} ${d.conversationId}`)).to.deep.equal(['queued 27364519']);
    expect(log.unauthenticated.byAnswer).to.deep.equal({
      invalid_token: statuses.get(401),
      rate_limited: statuses.get(429),
    });
    expect(log.bodies).to.have.length(1);

    // Issue #21: the flood is summarised (at once, then once per interval with the count held back),
    // not written as one warning per request.
    const summaries = await waitFor(
      'the wrong-token summaries to add up to the flood',
      async () => {
        const found = stack.lines
          .slice(linesBefore)
          .filter((line) => line.level === 'warn' && line.byIntegration !== undefined);
        const total = found.reduce((sum, line) => sum + Number(line.count), 0);
        return total >= FLOOD ? found : undefined;
      },
      15_000,
      100,
    );
    const warnLines = stack.lines.slice(linesBefore).filter((line) => line.level === 'warn');
    expect(warnLines.length).to.be.at.most(4);
    expect(summaries.map((line) => line.count).reduce((a, b) => Number(a) + Number(b))).to.equal(FLOOD);
    expect(
      summaries
        .map((line) => (line.byIntegration as Record<string, number>)[integrationId] ?? 0)
        .reduce((a, b) => a + b),
    ).to.equal(FLOOD);
  });
});
