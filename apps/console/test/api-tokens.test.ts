// An account's API tokens (issue #24): created by an owner or the operator (API and `pnpm cq tokens`), shown
// once, stored as a keyed digest, limited to their scopes and their account, refused at once when revoked.
// Real PostgreSQL and Redis; the CLI as a real process.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ApiScope } from '@carrot-bridge/domain';
import { requireEnv } from '@carrot-bridge/test-support';
import { AccessWorld } from './access-world';
import { AUTH } from './console-harness';

const TOKEN_FORMAT = /^cbt_[A-Za-z0-9_-]{43}$/;

function cq(args: string[], w: AccessWorld): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/console/src/cli/cq.ts', ...args], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: {
        PATH: process.env.PATH ?? '',
        CARROT_BRIDGE_ENV_FILE: 'none',
        REDIS_URL: requireEnv('REDIS_URL'),
        DATABASE_URL: w.t.url,
        SECRETS_KEY: w.secretsKey,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('API tokens (real PostgreSQL and Redis)', function () {
  this.timeout(120_000);
  const w = new AccessWorld();
  const owner = () => w.cookieOf.get('owner')!;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const tokensOf = (accountId: string) => `/accounts/${accountId}/api-tokens`;
  const create = async (scopes: ApiScope[], name = scopes.join('+')) => {
    const created = await w.api(owner(), 'POST', tokensOf(w.A.accountId), { name, scopes });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body as { id: string; token: string };
  };

  before(() => w.start('api_tokens'));
  after(() => w.stop());

  it('an owner creates one: the token once, then only its name, scopes and last 4 characters', async () => {
    const { id, token } = await create(['report:read'], 'BI');
    expect(token).to.match(TOKEN_FORMAT);
    const listed = await w.api(owner(), 'GET', tokensOf(w.A.accountId));
    expect(listed.status).to.equal(200);
    const row = listed.body.tokens.find((t: { id: string }) => t.id === id);
    expect(row).to.deep.include({ name: 'BI', scopes: ['report:read'], last4: token.slice(-4), lastUsedAt: null });
    expect(row.createdBy).to.equal('owner@a.example');
    expect(Object.keys(row).sort()).to.deep.equal(
      ['createdAt', 'createdBy', 'id', 'last4', 'lastUsedAt', 'name', 'revokedAt', 'scopes'].sort(),
    );
    expect(JSON.stringify(listed.body)).not.to.include(token);
    const stored = await w.t.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.to.include(token.slice(4));
    // Another account's list is not A's owner's to read.
    expect((await w.api(owner(), 'GET', tokensOf(w.B.accountId))).status).to.equal(404);
  });

  it('refuses a token without scopes, with an unknown scope or without a name (422)', async () => {
    for (const body of [
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['admin'] },
      { name: '  ', scopes: ['chats:read'] },
      { name: 'x', scopes: ['chats:read', 'chats:read'] },
    ]) {
      const answer = await w.api(owner(), 'POST', tokensOf(w.A.accountId), body);
      expect(answer.status, JSON.stringify(body)).to.equal(422);
    }
  });

  it('a sessions:write token posts sessions and nothing else', async () => {
    const { token } = await create(['sessions:write'], 'tracker');
    const posted = await w.api(bearer(token), 'POST', `/accounts/${w.A.accountId}/visitor-sessions/bulk`, {
      sessions: [{ externalId: 'from-tracker', siteId: w.A.sites, startedAt: '2026-03-02T10:00:00Z' }],
    });
    expect(posted.status).to.equal(200);
    const wrong: string[] = [];
    for (const route of w.accountRoutes()) {
      if (route.path.endsWith('/visitor-sessions/bulk')) continue;
      for (const ids of [w.A, w.B]) {
        const path = w.pathOf(route.path, ids);
        const answer = await w.api(bearer(token), route.method, path);
        const expected = ids === w.A ? 403 : 404;
        if (answer.status !== expected) wrong.push(`${route.method} ${path} → ${answer.status}`);
      }
    }
    for (const [method, path, expected] of [
      ['POST', '/accounts', 404],
      ['POST', `/accounts/${w.B.accountId}/visitor-sessions/bulk`, 404],
    ] as const) {
      const answer = await w.api(bearer(token), method, path, { name: 'x' });
      if (answer.status !== expected) wrong.push(`${method} ${path} → ${answer.status}`);
    }
    expect(wrong).to.deep.equal([]);
    expect((await fetch(`${w.base}/admin/queues/api/queues`, { headers: bearer(token) })).status).to.equal(404);
    const accounts = await w.api(bearer(token), 'GET', '/accounts');
    expect(accounts.body.accounts.map((a: { id: string }) => a.id)).to.deep.equal([w.A.accountId]);
    const used = await w.api(owner(), 'GET', tokensOf(w.A.accountId));
    expect(used.body.tokens.find((t: { name: string }) => t.name === 'tracker').lastUsedAt).to.be.a('string');
  });

  it('each scope opens its routes only: chats:read, report:read, settings:write', async () => {
    const a = `/accounts/${w.A.accountId}`;
    const report = `${a}/reports/chats-per-day?from=2026-03-01&to=2026-03-02`;
    const csv = `${a}/reports/chats-per-day.csv?from=2026-03-01&to=2026-03-02`;
    const integration = `${a}/integrations/${w.A.integrationId}`;
    const cases: [ApiScope, string, string, number][] = [
      ['chats:read', 'GET', `${a}/chats`, 200],
      ['chats:read', 'GET', `${a}/chats/${w.A.chatId}`, 200],
      ['chats:read', 'GET', report, 403],
      ['chats:read', 'GET', integration, 403],
      ['report:read', 'GET', report, 200],
      ['report:read', 'GET', csv, 200],
      ['report:read', 'GET', `${a}/chats`, 403],
      ['settings:write', 'GET', `${a}/integrations`, 200],
      ['settings:write', 'GET', integration, 200],
      ['settings:write', 'GET', `${a}/catalog`, 200],
      ['settings:write', 'POST', `${integration}/deactivate`, 200],
      ['settings:write', 'DELETE', integration, 403],
      ['settings:write', 'GET', `${a}/chats`, 403],
      ['settings:write', 'GET', tokensOf(w.A.accountId), 403],
      ['settings:write', 'POST', tokensOf(w.A.accountId), 403],
    ];
    const tokens = new Map<ApiScope, string>();
    for (const scope of ['chats:read', 'report:read', 'settings:write'] as const)
      tokens.set(scope, (await create([scope])).token);
    const wrong: string[] = [];
    for (const [scope, method, path, expected] of cases) {
      const answer = await w.api(bearer(tokens.get(scope)!), method, path);
      if (answer.status !== expected) wrong.push(`${scope}: ${method} ${path} → ${answer.status}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('a revoked token stops working on the next request; the audit log names who created and revoked it', async () => {
    const { id, token } = await create(['chats:read'], 'script');
    const chats = `/accounts/${w.A.accountId}/chats`;
    expect((await w.api(bearer(token), 'GET', chats)).status).to.equal(200);
    expect((await w.api(owner(), 'DELETE', `${tokensOf(w.A.accountId)}/${id}`)).status).to.equal(204);
    const refused = await w.api(bearer(token), 'GET', chats);
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).not.to.match(/^Basic/);
    // Revoking again changes nothing; B's token through A's path, or an unknown id, is a 404.
    expect((await w.api(owner(), 'DELETE', `${tokensOf(w.A.accountId)}/${id}`)).status).to.equal(204);
    expect((await w.api(owner(), 'DELETE', `${tokensOf(w.A.accountId)}/${w.B.tokenId}`)).status).to.equal(404);
    expect((await w.api(owner(), 'DELETE', `${tokensOf(w.A.accountId)}/not-a-uuid`)).status).to.equal(404);
    const events = await w.t.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => [e.action, e.actorKind, e.actorLabel])).to.deep.equal([
      ['token.created', 'person', 'owner@a.example'],
      ['token.revoked', 'person', 'owner@a.example'],
    ]);
    expect(JSON.stringify(events)).not.to.include(token);
  });

  it('pnpm cq tokens create prints the token once; list shows it without; revoke ends it', async () => {
    const created = await cq(
      [
        'tokens',
        'create',
        '--account',
        w.A.accountId,
        '--name',
        'cli',
        '--scope',
        'chats:read',
        '--scope',
        'report:read',
      ],
      w,
    );
    expect(created.code, created.stderr).to.equal(0);
    const token = created.stdout.trim();
    expect(token).to.match(TOKEN_FORMAT);
    expect((await w.api(bearer(token), 'GET', `/accounts/${w.A.accountId}/chats`)).status).to.equal(200);
    const listed = await cq(['tokens', 'list', '--account', w.A.accountId], w);
    expect(listed.code, listed.stderr).to.equal(0);
    const line = listed.stdout.split('\n').find((l) => l.includes('  cli  '))!;
    expect(line)
      .to.include('[chats:read, report:read]')
      .and.include(`…${token.slice(-4)}`);
    expect(listed.stdout).not.to.include(token);
    const id = line.split(' ')[0]!;
    const revoked = await cq(['tokens', 'revoke', '--account', w.A.accountId, '--token', id], w);
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect((await w.api(bearer(token), 'GET', `/accounts/${w.A.accountId}/chats`)).status).to.equal(401);
    const events = await w.t.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } });
    const cli = `operator (CLI, ${os.userInfo().username})`;
    expect(events.map((e) => [e.action, e.actorLabel])).to.deep.equal([
      ['token.created', cli],
      ['token.revoked', cli],
    ]);
    const unknown = await cq(['tokens', 'list', '--account', '00000000-0000-4000-8000-000000000000'], w);
    expect([unknown.code, unknown.stderr.trim()]).to.deep.equal([1, 'cq: Аккаунт не найден']);
  });

  it("the operator manages any account's tokens over basic auth", async () => {
    const created = await w.api(AUTH, 'POST', tokensOf(w.B.accountId), { name: 'ops', scopes: ['report:read'] });
    expect(created.status).to.equal(201);
    expect((await w.api(AUTH, 'DELETE', `${tokensOf(w.B.accountId)}/${created.body.id}`)).status).to.equal(204);
  });
});
