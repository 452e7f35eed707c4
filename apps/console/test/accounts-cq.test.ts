// `pnpm cq accounts create` and `pnpm cq users invite / list` as the operator runs them: real processes
// over a scratch PostgreSQL database, their output read the way a script would.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, requireEnv, type TestDatabase } from '@carrot-bridge/test-support';

describe('pnpm cq accounts / users (real processes, real PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;

  before(async () => {
    t = await createTestDatabase('accounts-cq');
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
          SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
          CONSOLE_PUBLIC_URL: 'https://console.example.com',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('creates an account (prints its id alone), invites its owner (prints the link), lists them; audited as the CLI', async () => {
    const created = await cq('accounts', 'create', '--name', 'Агентство', '--cabinet-account-id', 'cab-1');
    expect(created.code, created.stderr).to.equal(0);
    const accountId = created.stdout.trim();
    expect(await t.db.account.findUniqueOrThrow({ where: { id: accountId } })).to.deep.include({
      name: 'Агентство',
      cabinetAccountId: 'cab-1',
    });

    const invited = await cq(
      'users',
      'invite',
      '--account',
      accountId,
      '--email',
      'Boss@Example.com',
      '--role',
      'owner',
    );
    expect(invited.code, invited.stderr).to.equal(0);
    expect(invited.stdout.trim()).to.match(/^https:\/\/console\.example\.com\/invite\.html#[A-Za-z0-9_-]{43}$/);

    const listed = await cq('users', 'list', '--account', accountId);
    expect(listed.stdout).to.match(/ boss@example\.com {2}owner {2}invited, link valid until /);
    const accounts = await cq('accounts', 'list');
    expect(accounts.stdout).to.contain(`${accountId}  Агентство  (cabinet: cab-1)`);

    const events = await t.db.auditEvent.findMany({ where: { accountId }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.action)).to.deep.equal(['account.created', 'person.invited']);
    expect(events.every((e) => /^operator \(CLI, .+\)$/.test(e.actorLabel))).to.equal(true);
  });

  it('refuses a taken cabinet id and an unknown account (exit 1) with a one-line reason', async () => {
    const taken = await cq('accounts', 'create', '--name', 'Дубль', '--cabinet-account-id', 'cab-1');
    expect(taken.code).to.equal(1);
    expect(taken.stderr.trim()).to.equal(
      'cq: Аккаунт с таким cabinetAccountId уже есть (cabinetAccountId: Уже привязан к другому аккаунту)',
    );
    const unknown = await cq('users', 'list', '--account', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr.trim()).to.equal('cq: Аккаунт не найден: 00000000-0000-4000-8000-000000000000');
  });
});
