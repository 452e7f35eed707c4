import { expect } from 'chai';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { FIXTURE_TOKEN, formWith, post, publish, startIngress, type Stack } from './ingress-harness';

// Issue #21: the token a delivery was authenticated with, quoted back in the fields the ingress reads
// (`type`, `event_name`), reaches neither the delivery log's entries nor the log lines.
describe('the webhook token in a read field stays out of the delivery log entries and the log (real Redis)', function () {
  this.timeout(20_000);
  let stack: Stack;
  before(async () => {
    stack = await startIngress(requireEnv('REDIS_URL'));
  });
  after(() => stack.close());

  const asBase64 = Buffer.from(FIXTURE_TOKEN).toString('base64');

  it('lists and logs deliveries whose type is the token or event name its base64 without it', async () => {
    const { key, integrationId } = await publish(stack, { token: FIXTURE_TOKEN });
    const asType = await post(stack, key, formWith({ type: FIXTURE_TOKEN }));
    const asEventName = await post(stack, key, formWith({ event_name: asBase64 }));
    expect([asType.status, asEventName.status]).to.deep.equal([200, 200]);
    const log = await waitFor('both deliveries in the log', async () => {
      const read = await stack.deliveryLog.read(integrationId);
      return read.deliveries.length === 2 ? read : undefined;
    });
    const lines = stack.lines.filter((line) => line.integrationId === integrationId);
    expect(lines).to.have.length.at.least(2);
    const stored = JSON.stringify(log.deliveries);
    expect(stored).to.contain('ignored');
    expect(stored).not.to.contain(FIXTURE_TOKEN);
    expect(stored).not.to.contain(asBase64);
    const written = JSON.stringify(lines);
    expect(written).not.to.contain(FIXTURE_TOKEN);
    expect(written).not.to.contain(asBase64);
  });
});
