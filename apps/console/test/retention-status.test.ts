import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

// The status panel's retention line: GET .../integrations/:id/status over real HTTP and PostgreSQL reads
// the account's retentionDays and its RetentionState (the daily sweep's last run).
describe('status API: retention', function () {
  this.timeout(30_000);
  const h = new ConsoleHarness();
  const account = randomUUID();
  let integrationId = '';
  const status = async () =>
    (await h.api('GET', `/accounts/${account}/integrations/${integrationId}/status`)).body.retention;

  before(async () => {
    await h.start('retention-status');
    const catalog = await seedAccountCatalog(h.t.db, { id: account, name: 'Хранение' });
    h.fake.addApp('app.1.retention-key');
    const created = await h.api('POST', `/accounts/${account}/integrations`, {
      name: 'R',
      active: true,
      apiKey: 'app.1.retention-key',
      ...catalog.sourceTrafficDefaults(),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    integrationId = created.body.id;
  });
  after(() => h.stop());

  it('says kept for ever while the account has no retention', async () => {
    expect(await status()).to.deep.equal({ days: null, lastRun: null });
  });

  it("shows the account's days, then the sweep's last run", async () => {
    await h.t.db.account.update({ where: { id: account }, data: { retentionDays: 30 } });
    expect(await status()).to.deep.equal({ days: 30, lastRun: null });
    const started = new Date('2026-12-03T03:59:58.000Z');
    const finished = new Date('2026-12-03T04:00:00.000Z');
    await h.t.db.retentionState.create({
      data: {
        accountId: account,
        lastStartedAt: started,
        lastFinishedAt: finished,
        lastErased: 12,
        erasedBefore: started,
      },
    });
    expect(await status()).to.deep.equal({
      days: 30,
      lastRun: { startedAt: started.toISOString(), finishedAt: finished.toISOString(), erased: 12, error: null },
    });
  });
});
