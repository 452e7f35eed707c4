import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  appCommand,
  createTestDatabase,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startApps,
  waitFor,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

const PASSWORD = 'backfill-e2e-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
const day = (d: string) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000);
/** Conversations created (and last updated) in January 2026: what a January backfill reads and queues. */
const JANUARY_CHATS = 120;
const PAGE = 50;

// Issue #21: the backfill is a worker job with a fixed id per integration, its state in PostgreSQL.
// Real console, second console and worker processes: a second console cannot start a second scan of the
// same integration, and killing the console that started it mid-scan loses nothing.
describe('backfill run by the worker (real processes)', function () {
  this.timeout(120_000);
  const fake = new FakeCarrotQuest();
  const secretsKey = randomBytes(32).toString('base64');
  const apiKey = `app.4821.${randomUUID()}`;
  const accountId = randomUUID();
  const integrationId = randomUUID();
  let t: TestDatabase;
  let common: Record<string, string>;
  const consoles: AppProcess[] = [];
  let worker: AppProcess;

  const api = async (base: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/accounts/${accountId}/integrations/${integrationId}${path}`, {
      method,
      headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const listCalls = () =>
    fake.requests.filter((r) => r.path.startsWith('/apps/') && r.path.endsWith('/conversations')).length;
  const logs = () => [...consoles, worker].map((a) => `--- ${a.name}\n${a.log()}`).join('\n');

  before(async () => {
    t = await createTestDatabase('backfill-e2e');
    await fake.start();
    fake.addApp(apiKey);
    // Older history the scan must never read, then January.
    for (let i = 0; i < 200; i += 1)
      fake.addChat(apiKey, {
        conversationId: String(900_000 + i),
        userId: String(910_000 + i),
        createdAt: day('2025-06-01') + i * 600,
        messages: 1,
      });
    for (let i = 0; i < JANUARY_CHATS; i += 1)
      fake.addChat(apiKey, {
        conversationId: String(920_000 + i),
        userId: String(930_000 + i),
        createdAt: day('2026-01-02') + i * 3_600,
        messages: 1,
      });
    const catalog = await seedAccountCatalog(t.db, { id: accountId });
    const { data } = integrationRow(
      new SecretBox(secretsKey),
      { id: integrationId, accountId, apiKey },
      { name: 'B', ...catalog.sourceTrafficDefaults() },
    );
    await t.db.carrotQuestIntegration.create({ data });

    common = {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: secretsKey,
      QUEUE_PREFIX: `bf-${randomUUID().slice(0, 8)}`,
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
    };
    const consoleSpec = { name: 'console', env: { ...common, CONSOLE_PASSWORD: PASSWORD } } as const;
    // The hourly catch-up lists conversations too: off, so every list call here is the backfill's.
    const apps = await startApps([
      consoleSpec,
      consoleSpec,
      { name: 'worker', env: { ...common, CATCH_UP_INTERVAL_MS: '0' } },
    ]);
    consoles.push(apps[0]!, apps[1]!);
    worker = apps[2]!;
  });
  after(async () => {
    for (const app of [...consoles, worker]) await app?.stop();
    await fake.stop();
    await t?.drop();
  });

  it('one scan for two consoles; killing the console that started it mid-scan loses nothing', async () => {
    // Each page of the list takes a while, so the scan is still going when the console dies.
    fake.injectFault({ path: '/apps/', latencyMs: 1_500, times: 1_000 });
    const [first, second] = consoles.map((c) => c.url) as [string, string];
    const started = await api(first, 'POST', '/backfill', { from: '2026-01-01', to: '2026-01-31T23:59:59Z' });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const refused = await api(second, 'POST', '/backfill', { from: '2026-01-01', to: '2026-01-31T23:59:59Z' });
    expect(refused.status).to.equal(409);
    expect(refused.body.message).to.contain('уже идёт');

    await waitFor(
      'the worker to record a first page',
      async () => ((await api(second, 'GET', '/backfill')).body.backfill?.scanned ?? 0) > 0,
      30_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });
    await consoles[0]!.kill();
    const during = (await api(second, 'GET', '/backfill')).body.backfill;
    // Killed mid-scan: the run was neither finished nor lost with its console.
    expect(during.status).to.equal('running');
    expect(during.scanned).to.be.greaterThan(0).and.lessThan(JANUARY_CHATS);

    const done = await waitFor(
      'the run to finish without its console',
      async () => {
        const { backfill } = (await api(second, 'GET', '/backfill')).body;
        return backfill?.status === 'running' ? undefined : backfill;
      },
      60_000,
      200,
    );
    expect(done).to.deep.include({ status: 'done', scanned: JANUARY_CHATS, queued: JANUARY_CHATS, fraction: 1 });
    // Exactly one scan: the pages of the January conversations (and the page that reaches past them), once.
    expect(listCalls()).to.be.within(Math.ceil(JANUARY_CHATS / PAGE), Math.ceil(JANUARY_CHATS / PAGE) + 1);
    // The worker imports what the scan queued.
    await waitFor(
      'the chats to be imported',
      async () => (await t.db.chat.count({ where: { integrationId } })) === JANUARY_CHATS,
      60_000,
      200,
    );
  });

  it("pnpm cq backfill enqueues and follows the worker's run from PostgreSQL to its summary", async () => {
    fake.clearFaults();
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const cq = appCommand('console', 'cq');
      const child = spawn(
        process.execPath,
        [
          ...cq.args,
          'backfill',
          '--integration',
          integrationId,
          '--from',
          '2026-01-01',
          '--to',
          '2026-01-31T23:59:59Z',
        ],
        {
          cwd: cq.cwd,
          env: { PATH: process.env.PATH ?? '', CARROT_BRIDGE_ENV_FILE: 'none', ...common },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(cli.code, cli.stderr).to.equal(0);
    // The period was done, so it starts afresh; its imports are the same jobs, so no chat is made twice.
    // First the period it understood (issue #26: before it starts), then the run's summary.
    expect(cli.stdout.trim().split('\n')).to.deep.equal([
      'backfill: period 2026-01-01 00:00:00 – 2026-01-31 23:59:59 (UTC)',
      `backfill done: ${JANUARY_CHATS} conversations read, ${JANUARY_CHATS} queued for import`,
    ]);
    expect(cli.stderr).to.match(/\[[#-]+\] +\d+%  scanned \d+  queued \d+  \d+\/s  ETA [\d:?]+  (running|done)/);
    expect(await t.db.chat.count({ where: { integrationId } })).to.equal(JANUARY_CHATS);
  });
});
