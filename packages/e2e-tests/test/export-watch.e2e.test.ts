import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { exportTokenColumns, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  freePort,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startApps,
  waitFor,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

const PASSWORD = 'export-watch-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

interface JobsView {
  waiting: number | null;
  retrying: number | null;
  failed: number | null;
  nextTryAt: string | null;
  lastError: { reason: string; attempts: number; maxAttempts: number; final: boolean } | null;
}
interface Status {
  export: { jobs: JobsView; blockers: Array<{ kind: string; severity: string; message: string }> } | null;
}

// Issue #22 item 3: with the Data API unreachable, the export is seen retrying, with the reason and the
// next try, on the status API, in `pnpm cq status` and on the worker's /metrics; and what blocks the
// export (catalog entries without a CoMagic id) is said on save and in the status. Real console and worker.
describe('watching the export with the Data API down (real processes)', function () {
  this.timeout(120_000);
  const secretsKey = randomBytes(32).toString('base64');
  const secretBox = new SecretBox(secretsKey);
  const accountId = randomUUID();
  const integrationId = randomUUID();
  let t: TestDatabase;
  let common: Record<string, string>;
  let apps: AppProcess[] = [];
  let consoleUrl = '';
  let workerMetricsUrl = '';
  let ids: { siteId: string; sourceId: string; employeeId: string };

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${consoleUrl}/api/accounts/${accountId}/integrations/${integrationId}${path}`, {
      method,
      headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    t = await createTestDatabase('exw');
    // A catalog typed by hand: the source and the site have no CoMagic id; the employee has one.
    const seeded = await seedAccountCatalog(t.db, {
      id: accountId,
      sites: [{ domain: 'no-id.example.ru' }],
      sources: [{ name: 'Телеграм', group: 'Мессенджеры' }],
      employees: [{ name: 'Анна', comagicId: 41 }],
    });
    ids = { siteId: seeded.siteId, sourceId: seeded.sourceId, employeeId: seeded.employeeId };
    const { data } = integrationRow(
      secretBox,
      { id: integrationId, accountId, apiKey: `app.1.${randomUUID()}` },
      {
        ...seeded.sourceTrafficDefaults(),
        keyStatus: 'valid',
        exportBrand: 'comagic',
        ...exportTokenColumns(secretBox, integrationId, 'watch-token'),
      },
    );
    await t.db.carrotQuestIntegration.create({ data });

    // Down: nothing listens where the Data API should be (connection refused on every call).
    const dataApiDown = `http://127.0.0.1:${await freePort()}/v2.0`;
    common = {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: secretsKey,
      QUEUE_PREFIX: `exw-${randomUUID().slice(0, 8)}`,
      // The console enqueues (attempts), the worker retries (delays): long enough that the job stays
      // "retrying" while the test looks at it.
      RETRY_BASE_DELAY_MS: '60000',
      RETRY_MAX_DELAY_MS: '120000',
      RETRY_ATTEMPTS: '5',
    };
    apps = await startApps([
      { name: 'console', env: { ...common, CONSOLE_PASSWORD: PASSWORD } },
      {
        name: 'worker',
        env: {
          ...common,
          DATA_API_COMAGIC_URL: dataApiDown,
          DATA_API_TIMEOUT_MS: '2000',
        },
      },
    ]);
    consoleUrl = apps[0]!.url;
    workerMetricsUrl = apps[1]!.url;
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await t?.drop();
  });

  it('says on save, in Russian, that the source and the site without a CoMagic id block the export', async () => {
    const saved = await api('PUT', '', {
      name: 'Наблюдаемая',
      trafficType: 'source',
      defaultSourceId: ids.sourceId,
      defaultSiteId: ids.siteId,
      defaultEmployeeId: ids.employeeId,
      exportBrand: 'comagic',
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const blockers = saved.body.exportBlockers as Array<{ kind: string; severity: string; message: string }>;
    expect(blockers.map((b) => `${b.kind}:${b.severity}`)).to.deep.equal([
      'default_source:blocks',
      'default_site:blocks',
    ]);
    expect(blockers[0]!.message).to.equal(
      'Источник «Телеграм» (Мессенджеры): нет id в CoMagic — чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся',
    );
    expect(blockers[1]!.message).to.contain('Сайт «no-id.example.ru»: нет id в CoMagic');
  });

  it('the status API says the export (queued by that save) is retrying, why, and when the next try is', async () => {
    const status = await waitFor(
      'the export job to retry',
      async () => {
        const answer = await api('GET', '/status');
        const body = answer.body as unknown as Status;
        return body.export?.jobs.retrying ? body : undefined;
      },
      60_000,
      200,
    );
    const jobs = status.export!.jobs;
    expect(jobs).to.deep.include({ retrying: 1, failed: 0 });
    expect(jobs.lastError).to.deep.include({ final: false, attempts: 1, maxAttempts: 5 });
    expect(jobs.lastError!.reason).to.match(/^Data API unavailable: /);
    expect(Date.parse(jobs.nextTryAt!)).to.be.greaterThan(Date.now());
    expect(status.export!.blockers.map((b) => b.kind)).to.deep.equal(['default_source', 'default_site']);
  });

  it('pnpm cq status prints the same: retrying, the reason, the next try, the blockers', async () => {
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'apps/console/src/cli/cq.ts', 'status', '--integration', integrationId],
        {
          cwd: fileURLToPath(new URL('../../../', import.meta.url)),
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
    // The account's cabinet lines come first (cabinet-lines.ts); the job lines from "import jobs:" on.
    const all = cli.stdout.split('\n');
    const lines = all.slice(all.findIndex((line) => line.startsWith('import jobs: ')));
    expect(lines[0]).to.equal('import jobs: waiting 0, retrying 0, failed 0');
    expect(lines[1]).to.match(/^export jobs: waiting 0, retrying 1, next try at \S+Z, failed 0$/);
    expect(lines[2]).to.match(/^ {2}last error \(will retry, attempt 1 of 5\): Data API unavailable: /);
    expect(lines[3]).to.equal('export blockers:');
    expect(lines[4]).to.match(/^ {2}- \[blocks\] Источник «Телеграм»/);
    const json = JSON.parse(cli.stdout.slice(cli.stdout.indexOf('\n{') + 1)) as Status;
    expect(json.export!.jobs.retrying).to.equal(1);
  });

  it("the worker's /metrics counts the retried export attempt by its code and the delayed export job", async () => {
    const text = await (await fetch(`${workerMetricsUrl}/metrics`)).text();
    expect(text).to.match(/^carrot_bridge_export_attempts_total\{outcome="retry",code="data_api_unavailable"\} 1$/m);
    expect(text).to.match(/^carrot_bridge_export_queue_jobs\{state="delayed"\} 1$/m);
    // The import series keep their names.
    expect(text).to.match(/^carrot_bridge_queue_jobs\{state="waiting"\} 0$/m);
  });
});
