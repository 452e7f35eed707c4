import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { seedAccount, seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

// GET .../integrations/:id/deliveries over real HTTP, PostgreSQL and Redis.
describe('delivery log API', function () {
  this.timeout(30_000);
  const h = new ConsoleHarness();
  const account = randomUUID();
  const other = randomUUID();
  let integrationId = '';

  before(async () => {
    await h.start('deliveries');
    const catalog = await seedAccountCatalog(h.t.db, { id: account, name: 'Журнал' });
    await seedAccount(h.t.db, { id: other, name: 'Чужой' });
    h.fake.addApp('app.1.deliveries-key');
    const created = await h.api('POST', `/accounts/${account}/integrations`, {
      name: 'D',
      active: true,
      apiKey: 'app.1.deliveries-key',
      ...catalog.sourceTrafficDefaults(),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    integrationId = created.body.id;
  });
  after(() => h.stop());

  it("answers the integration's deliveries, newest first, uncacheable", async () => {
    const at = new Date().toISOString();
    await h.deliveries.record(
      integrationId,
      {
        at,
        httpStatus: 401,
        status: 'invalid_token',
        kind: 'event',
        eventName: null,
        conversationId: null,
        problem: 'token mismatch',
      },
      { body: 'type=event&token=secret-value', contentType: 'application/x-www-form-urlencoded' },
    );
    await h.deliveries.record(integrationId, {
      at,
      httpStatus: 200,
      status: 'queued',
      kind: 'event',
      eventName: '$conversation_part_group_closed',
      conversationId: '27364519',
      problem: null,
    });
    const response = await fetch(`${h.base}/api/accounts/${account}/integrations/${integrationId}/deliveries`, {
      headers: { authorization: `Basic ${Buffer.from('admin:correct-horse-battery').toString('base64')}` },
    });
    expect(response.headers.get('cache-control')).to.contain('no-store');
    const body = (await response.json()) as {
      deliveries: Array<{ status: string }>;
      bodies: Array<{ body: string }>;
    };
    expect(body.deliveries.map((d) => d.status)).to.deep.equal(['queued', 'invalid_token']);
    // The reason in Russian beside the English detail; the body names its delivery's kind.
    expect(body.deliveries[1]).to.deep.include({
      answer: 'неверный токен',
      reason: 'Токен доставки не совпадает с токеном интеграции',
      problem: 'token mismatch',
    });
    expect(body.bodies[0]).to.deep.include({ kind: 'event', conversationId: null });
    expect(body.bodies).to.have.length(1);
    expect(body.bodies[0]!.body).not.to.contain('secret-value');
  });

  it("shows the catch-up's last run on the status panel", async () => {
    expect((await h.api('GET', `/accounts/${account}/integrations/${integrationId}/status`)).body.catchUp).to.equal(
      null,
    );
    const finished = new Date();
    await h.t.db.catchUpState.create({
      data: {
        integrationId,
        accountId: account,
        lastStartedAt: finished,
        lastFinishedAt: finished,
        lastScanned: 12,
        lastQueued: 3,
        lastError: 'apps/conversations failed: HTTP 503',
      },
    });
    const { body } = await h.api('GET', `/accounts/${account}/integrations/${integrationId}/status`);
    expect(body.catchUp).to.deep.include({
      scanned: 12,
      queued: 3,
      error: 'apps/conversations failed: HTTP 503',
      lastFinishedAt: finished.toISOString(),
    });
  });

  it("does not show one account's deliveries to another", async () => {
    expect((await h.api('GET', `/accounts/${other}/integrations/${integrationId}/deliveries`)).status).to.equal(404);
  });
});
