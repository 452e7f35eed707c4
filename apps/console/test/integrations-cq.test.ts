// `pnpm cq integrations --account <id>` as the operator runs it: a real process over a scratch PostgreSQL
// database, its lines read the way a person (or a script taking the first column) would.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  requireEnv,
  seedAccount,
  type TestDatabase,
} from '@carrot-bridge/test-support';

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

describe('pnpm cq integrations (real process, real PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;

  before(async () => {
    t = await createTestDatabase('integrations-cq');
  });
  after(() => t.drop());

  function cq(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/console/src/cli/cq.ts', ...args], {
        cwd: fileURLToPath(new URL('../../../', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          CARROT_BRIDGE_ENV_FILE: 'none',
          REDIS_URL: requireEnv('REDIS_URL'),
          DATABASE_URL: t.url,
          SECRETS_KEY,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("lists the account's integrations, oldest first, not another account's nor a deleted one", async () => {
    const box = new SecretBox(SECRETS_KEY);
    const accountId = await seedAccount(t.db, { name: 'Магазин' });
    const otherAccount = await seedAccount(t.db, { name: 'Другой' });
    const site = randomUUID();
    const blog = randomUUID();
    const rows = [
      { id: site, accountId, name: 'Сайт', active: true, keyStatus: 'valid', at: '2026-11-03T08:07:53.000Z' },
      { id: blog, accountId, name: 'Блог', active: false, keyStatus: 'invalid', at: '2026-11-04T00:00:00.000Z' },
      {
        id: randomUUID(),
        accountId,
        name: 'Удалённая',
        active: false,
        keyStatus: 'valid',
        at: '2026-11-05T00:00:00.000Z',
        deleted: true,
      },
      {
        id: randomUUID(),
        accountId: otherAccount,
        name: 'Чужая',
        active: true,
        keyStatus: 'valid',
        at: '2026-11-01T00:00:00.000Z',
      },
    ] as const;
    for (const row of rows) {
      const { data } = integrationRow(
        box,
        { id: row.id, accountId: row.accountId, apiKey: `app.1.${randomUUID()}` },
        {
          name: row.name,
          active: row.active,
          keyStatus: row.keyStatus,
          createdAt: new Date(row.at),
          ...('deleted' in row ? { deletedAt: new Date() } : {}),
        },
      );
      await t.db.carrotQuestIntegration.create({ data });
    }

    const listed = await cq('integrations', '--account', accountId);
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout.trim().split('\n')).to.deep.equal([
      `${site}  Сайт  active  key valid  created 2026-11-03T08:07:53Z`,
      `${blog}  Блог  OFF  key INVALID  created 2026-11-04T00:00:00Z`,
    ]);
  });

  it('refuses an unknown account (exit 1) and a bad one before connecting (exit 2)', async () => {
    const unknown = await cq('integrations', '--account', '00000000-0000-4000-8000-000000000000');
    expect([unknown.code, unknown.stderr.trim()]).to.deep.equal([
      1,
      'cq: Аккаунт не найден: 00000000-0000-4000-8000-000000000000',
    ]);
    const bad = await cq('integrations', '--account', 'магазин');
    expect(bad.code).to.equal(2);
    expect(bad.stderr.split('\n')[0]).to.equal(
      'cq: --account must be an account id (a UUID, see pnpm cq accounts list); got "магазин"',
    );
  });
});
