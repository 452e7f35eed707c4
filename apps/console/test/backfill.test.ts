import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CarrotQuestClient } from '@carrot-bridge/carrotquest';
import { chatImportJobId, backfillEventId } from '@carrot-bridge/queue';
import { requireEnv, waitFor } from '@carrot-bridge/test-support';
import { BackfillRun, type BackfillProgress } from '../src/backfill/backfill-run';
import { ConsoleHarness } from './console-harness';

const KEY = 'app.4821.backfill-key';
const day = (d: string) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000);

// Backfill against real PostgreSQL and Redis and the fake CarrotQuest's conversation listing.
describe('backfill of past CarrotQuest conversations', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const account = randomUUID();
  let integrationId = '';
  /** Closed conversations created in January 2026: what a January backfill must queue. */
  const january: string[] = [];
  /** Conversations last updated on or after 1 January: all the scan may read. */
  let updatedSinceStart = 0;
  const OLD_HISTORY = 1_000;

  before(async () => {
    await h.start('backfill');
    h.fake.addApp(KEY);
    await h.t.db.account.create({ data: { id: account, name: 'Backfill' } });
    const site = await h.t.db.site.create({ data: { accountId: account, domain: 'b.example.ru', siteKey: `b-${account}` } });
    const source = await h.t.db.source.create({ data: { accountId: account, name: 'Direct', group: 'g', channel: 'c' } });
    const employee = await h.t.db.employee.create({ data: { accountId: account, name: 'Оператор' } });
    // Months of older history that a January backfill must never read.
    for (let i = 0; i < OLD_HISTORY; i += 1) {
      h.fake.addChat(KEY, { conversationId: String(600_000 + i), userId: String(500_000 + i), createdAt: day('2025-06-01') + i * 600, messages: 1 });
    }
    for (let i = 0; i < 130; i += 1) {
      // Ids run against update order: a higher id is not a later update.
      const id = String(700_129 - i);
      const created = i < 10 ? day('2025-12-20') : i >= 120 ? day('2026-02-10') : day(`2026-01-${String(1 + (i % 28)).padStart(2, '0')}`);
      // Some December chats got a reply in January, some January ones in February: update order differs from creation order.
      const lastUpdate = i < 10 ? created + (i % 2 === 0 ? 20 * 86_400 : 3_600) : i % 3 === 0 ? created + 20 * 86_400 : created + 600;
      if (lastUpdate >= day('2026-01-01') - 12 * 3_600) updatedSinceStart += 1;
      h.fake.addChat(KEY, { conversationId: id, userId: String(800_000 + i), createdAt: created, lastUpdate });
      // Every 25th January conversation is still open: nothing to import yet.
      if (created === day('2025-12-20') || created === day('2026-02-10')) continue;
      if (i % 25 === 0) h.fake.apps.get(KEY)!.conversations.get(id)!.closed = false;
      else january.push(id);
    }
    const created = await h.api('POST', `/accounts/${account}/integrations`, { name: 'B', active: true, apiKey: KEY, trafficType: 'source', defaultSourceId: source.id, defaultSiteId: site.id, defaultEmployeeId: employee.id });
    integrationId = created.body.id;
  });
  after(() => h.stop());

  const backfillJobs = async () => (await h.producer.queue.getJobs(['prioritized', 'waiting'], 0, -1)).filter((j) => j.data.eventId.startsWith('backfill-'));

  it('queues each closed conversation of the period once, below live traffic, and reports progress', async () => {
    const started = await h.api('POST', `/accounts/${account}/integrations/${integrationId}/backfill`, { from: '2026-01-01', to: '2026-01-31T23:59:59Z' });
    expect(started.status).to.equal(202);
    const progress = await waitFor('the backfill to finish', async () => {
      const { body } = await h.api('GET', `/accounts/${account}/integrations/${integrationId}/backfill`);
      return body.backfill?.status === 'done' ? (body.backfill as BackfillProgress) : undefined;
    }, 30_000, 100);
    expect(progress).to.deep.include({ scanned: updatedSinceStart, queued: january.length, fraction: 1 });
    // It stopped at the first conversation updated before 1 January: the older history was never read.
    const listed = h.fake.requestsTo('/conversations').filter((r) => r.path.startsWith('/apps/'));
    expect(listed.length).to.be.at.most(Math.ceil(updatedSinceStart / 50) + 1);
    const jobs = await backfillJobs();
    expect(jobs.map((j) => j.data.conversationId).sort()).to.deep.equal([...january].sort());
    expect(jobs[0]!.id).to.equal(chatImportJobId({ integrationId, eventId: backfillEventId(jobs[0]!.data.conversationId) }));
    expect(await jobs[0]!.getState()).to.equal('prioritized');
    // A live webhook after all of them is still taken first: it waits without a priority.
    await h.producer.enqueue({ integrationId, conversationId: january[0]!, carrotUserId: null, eventId: 'live-1', receivedAt: new Date().toISOString() });
    expect(await (await h.producer.queue.getJob(chatImportJobId({ integrationId, eventId: 'live-1' })))!.getState()).to.equal('waiting');

    // Running it again adds nothing: the job ids are per conversation.
    const again = await h.api('POST', `/accounts/${account}/integrations/${integrationId}/backfill`, { from: '2026-01-01', to: '2026-01-31T23:59:59Z' });
    expect(again.status).to.equal(202);
    await waitFor('the second run', async () => (await h.backfill.progress(integrationId))?.status === 'done', 30_000, 100);
    expect(await backfillJobs()).to.have.length(january.length);
  });

  it('pnpm cq backfill: a real process with a progress bar, then a summary; the period is checked', async () => {
    for (const job of await backfillJobs()) await job.remove();
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'apps/console/src/cli/cq.ts', ...args], {
          cwd: fileURLToPath(new URL('../../../', import.meta.url)),
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: h.t.url, REDIS_URL: requireEnv('REDIS_URL'), SECRETS_KEY: h.secretsKey, QUEUE_PREFIX: h.prefix, CARROTQUEST_API_BASE_URL: h.fake.baseUrl },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await cli(['backfill', '--integration', integrationId, '--from', '2026-01-01', '--to', '2026-01-31T23:59:59Z']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout.trim()).to.equal(`backfill done: ${updatedSinceStart} conversations read, ${january.length} queued for import`);
    expect(ok.stderr).to.match(/\[#+-*\] +\d+%  scanned \d+  queued \d+  \d+\/s  ETA [\d:?]+  (running|done)/);
    const bad = await cli(['backfill', '--integration', integrationId, '--from', '2026-02-01', '--to', '2026-01-01']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('--to: Конец периода позже начала');
  });

  it('refuses a bad period with the field named', async () => {
    const bad = await h.api('POST', `/accounts/${account}/integrations/${integrationId}/backfill`, { from: 'yesterday-ish', to: '2026-01-01' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['from']);
  });

  it('stops when asked, keeps its cursor, and resumes where it stopped; waits out a 429 on the listing', async () => {
    for (const job of await backfillJobs()) await job.remove();
    const client = new CarrotQuestClient({ baseUrl: h.fake.baseUrl, apiKey: KEY });
    const sleeps: number[] = [];
    const deps = { redis: h.redis, prefix: `${h.prefix}-resume`, producer: h.producer, client, pageSize: 20, sleep: async (ms: number) => void sleeps.push(ms) };
    const first = new BackfillRun({ ...deps, onProgress: (p) => p.scanned >= 40 && first.stop() });
    const stopped = await first.run(integrationId, new Date('2026-01-01'), new Date('2026-01-31T23:59:59Z'));
    expect(stopped).to.deep.include({ status: 'interrupted', scanned: 40 });
    expect(stopped.cursor).to.have.length(2);
    expect(stopped.fraction).to.be.greaterThan(0).and.lessThan(1);

    h.fake.injectFault({ path: '/conversations', status: 429, retryAfterSeconds: 2, times: 1 });
    const resumed = await new BackfillRun(deps).run(integrationId, new Date('2026-01-01'), new Date('2026-01-31T23:59:59Z'));
    expect(resumed).to.deep.include({ status: 'done', scanned: updatedSinceStart, queued: january.length });
    expect(sleeps).to.include(2_000);
    expect((await backfillJobs()).map((j) => j.data.conversationId).sort()).to.deep.equal([...january].sort());
  });
});
