import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { finishBackfillRun, recordBackfillProgress } from '@carrot-bridge/db';
import { backfillJobId } from '@carrot-bridge/queue';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';
import type { BackfillProgress } from '../src/backfill/backfill-progress';
import { ORPHANED_RUN_AFTER_MS } from '../src/backfill/backfill.service';

const KEY = 'app.4821.backfill-key';
const JANUARY = { from: '2026-01-01', to: '2026-01-31T23:59:59Z' };

// The console's side of a backfill against real PostgreSQL and Redis: it starts a run (a claim in
// PostgreSQL, then the worker's job), stops it and reads it. The scan itself is the worker's
// (apps/worker/test/backfill.worker.test.ts); real processes together: packages/e2e-tests.
describe('backfill: start, stop and progress in the console', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const account = randomUUID();
  let catalog: AccountCatalog;

  before(async () => {
    await h.start('backfill');
    h.fake.addApp(KEY);
    catalog = await seedAccountCatalog(h.t.db, { id: account });
  });
  after(() => h.stop());

  const newIntegration = async (): Promise<string> => {
    const created = await h.api('POST', `/accounts/${account}/integrations`, {
      name: `B-${randomUUID().slice(0, 6)}`,
      active: true,
      apiKey: KEY,
      ...catalog.sourceTrafficDefaults(),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id as string;
  };
  const path = (integrationId: string) => `/accounts/${account}/integrations/${integrationId}/backfill`;
  const job = (integrationId: string) => h.backfillScheduler.queue.getJob(backfillJobId(integrationId));
  /** What the worker writes when it ends a run. */
  const workerEnds = async (
    integrationId: string,
    status: 'interrupted' | 'done',
    cursor: string | null,
    scanned: number,
  ) => {
    const state = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    await finishBackfillRun(h.t.db, integrationId, state.runId, {
      cursor,
      scanned,
      queued: scanned,
      fraction: 0.5,
      newestUpdate: 1_767_225_600,
      status,
      error: null,
    });
    await (await job(integrationId))?.remove();
  };

  it("queues the worker's run under the integration's fixed job id, and reports it from PostgreSQL", async () => {
    const integrationId = await newIntegration();
    const started = await h.api('POST', path(integrationId), JANUARY);
    expect(started.status).to.equal(202);
    expect(started.body).to.deep.include({
      integrationId,
      status: 'running',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-31T23:59:59.000Z',
      scanned: 0,
      queued: 0,
      cursor: null,
      stopRequested: false,
    });
    const queued = await job(integrationId);
    const state = await h.t.db.backfillState.findUnique({ where: { integrationId } });
    expect(queued?.data).to.deep.equal({ integrationId, runId: state!.runId });
    const read = await h.api('GET', path(integrationId));
    expect((read.body.backfill as BackfillProgress).status).to.equal('running');
  });

  it('ten concurrent starts of one integration: one run (202), nine 409s with a clear message, one job', async () => {
    const integrationId = await newIntegration();
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.api('POST', path(integrationId), JANUARY)));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([202, ...Array<number>(9).fill(409)]);
    expect(answers.find((a) => a.status === 409)!.body.message).to.contain('уже идёт');
    expect(
      await h.backfillScheduler.queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized'),
    ).to.be.at.least(1);
    const jobs = (await h.backfillScheduler.queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter(
      (j) => j.data.integrationId === integrationId,
    );
    expect(jobs).to.have.length(1);
  });

  it('stop sets the flag the worker reads between pages; the same period started again resumes from the cursor, another starts afresh', async () => {
    const integrationId = await newIntegration();
    await h.api('POST', path(integrationId), JANUARY);
    const state = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    expect(
      await recordBackfillProgress(h.t.db, integrationId, state.runId, {
        cursor: '[1767225600,"700100"]',
        scanned: 40,
        queued: 30,
        fraction: 0.3,
        newestUpdate: 1_767_225_600,
      }),
    ).to.equal('go-on');
    const stopped = await h.api('POST', `${path(integrationId)}/stop`);
    expect(stopped.status).to.equal(202);
    expect(stopped.body.backfill).to.deep.include({ status: 'running', stopRequested: true });
    expect(
      await recordBackfillProgress(h.t.db, integrationId, state.runId, {
        cursor: '[1767225000,"700090"]',
        scanned: 50,
        queued: 35,
        fraction: 0.35,
        newestUpdate: 1_767_225_600,
      }),
    ).to.equal('stop');
    await workerEnds(integrationId, 'interrupted', '[1767225000,"700090"]', 50);

    const resumed = await h.api('POST', path(integrationId), JANUARY);
    expect(resumed.status).to.equal(202);
    expect(resumed.body).to.deep.include({
      status: 'running',
      stopRequested: false,
      scanned: 50,
      cursor: [1767225000, '700090'],
    });
    await workerEnds(integrationId, 'interrupted', '[1767225000,"700090"]', 50);

    const other = await h.api('POST', path(integrationId), { from: '2026-02-01', to: '2026-02-28' });
    expect(other.body).to.deep.include({ status: 'running', scanned: 0, cursor: null });
  });

  it('takes over a run that says running but whose job is gone and which has not moved for a while', async () => {
    const integrationId = await newIntegration();
    await h.api('POST', path(integrationId), JANUARY);
    const first = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    // Its job vanished (Redis lost it) but it moved recently: still refused.
    await (await job(integrationId))!.remove();
    expect((await h.api('POST', path(integrationId), JANUARY)).status).to.equal(409);
    await h.t.db
      .$executeRaw`UPDATE "BackfillState" SET "updatedAt" = ${new Date(Date.now() - ORPHANED_RUN_AFTER_MS - 1_000)} WHERE "integrationId" = ${integrationId}::uuid`;
    const taken = await h.api('POST', path(integrationId), JANUARY);
    expect(taken.status).to.equal(202);
    const second = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    expect(second.runId).not.to.equal(first.runId);
    expect((await job(integrationId))?.data.runId).to.equal(second.runId);
    // The replaced run's writes no longer land.
    expect(
      await recordBackfillProgress(h.t.db, integrationId, first.runId, {
        cursor: null,
        scanned: 1,
        queued: 1,
        fraction: 0,
        newestUpdate: null,
      }),
    ).to.equal('replaced');
  });

  it('a job that cannot be queued answers 503 with Retry-After and fails its run, so the next start is not refused', async () => {
    const integrationId = await newIntegration();
    await h.api('POST', path(integrationId), JANUARY);
    const first = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    // The run ended, but its job never leaves Redis (nothing consumes it here): the next run's job cannot be queued.
    await finishBackfillRun(h.t.db, integrationId, first.runId, {
      cursor: null,
      scanned: 0,
      queued: 0,
      fraction: 0,
      newestUpdate: null,
      status: 'done',
      error: null,
    });
    const refused = await h.api('POST', path(integrationId), JANUARY);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.body.status).to.equal('unavailable');
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    const failed = (await h.t.db.backfillState.findUnique({ where: { integrationId } }))!;
    expect(failed.runId).not.to.equal(first.runId);
    expect(failed.status).to.equal('failed');
    expect(failed.error).to.match(/queue/i);
    // Once the old job has left, a start is taken at once: no orphaned claim refuses it for 30 s.
    await (await job(integrationId))!.remove();
    const again = await h.api('POST', path(integrationId), JANUARY);
    expect(again.status, JSON.stringify(again.body)).to.equal(202);
  });

  it('refuses a bad period with the field named', async () => {
    const integrationId = await newIntegration();
    const bad = await h.api('POST', path(integrationId), { from: 'yesterday-ish', to: '2026-01-01' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['from']);
    const long = await h.api('POST', path(integrationId), { from: '2025-01-01', to: '2026-01-03' });
    expect(long.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['to']);
  });

  it('says what is wrong with a period, next to its field: no start, two years, an end before the start', async () => {
    const integrationId = await newIntegration();
    const refusal = async (body: object) => {
      const answer = await h.api('POST', path(integrationId), body);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(422);
      return answer.body.errors as Array<{ field: string; message: string }>;
    };
    expect(await refusal({ from: '', to: null })).to.deep.equal([{ field: 'from', message: 'Укажите дату начала' }]);
    expect(await refusal({ from: '2024-01-01', to: '2025-12-31T23:59:59Z' })).to.deep.equal([
      { field: 'to', message: 'Период 731 день — больше 366: сократите его' },
    ]);
    expect(await refusal({ from: '2024-01-01', to: '2025-01-05T23:59:59Z' })).to.deep.equal([
      { field: 'to', message: 'Период 371 день — больше 366: сократите его' },
    ]);
    expect(await refusal({ from: '2026-02-01', to: '2026-01-01' })).to.deep.equal([
      { field: 'to', message: 'Конец периода раньше его начала' },
    ]);
  });

  it('refuses a period in the future, names «from», and starts no run', async () => {
    const integrationId = await newIntegration();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const future = await h.api('POST', path(integrationId), { from: day(2), to: `${day(9)}T23:59:59Z` });
    expect(future.status, JSON.stringify(future.body)).to.equal(422);
    expect(future.body.errors).to.deep.equal([{ field: 'from', message: 'Период в будущем: загружать нечего' }]);
    expect(await h.t.db.backfillState.findUnique({ where: { integrationId } })).to.equal(null);
    expect(await job(integrationId)).to.equal(undefined);
    // A period that began yesterday and ends next week is not in the future: it starts.
    const started = await h.api('POST', path(integrationId), { from: day(-1), to: `${day(7)}T23:59:59Z` });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
  });
});
