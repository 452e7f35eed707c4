// Who may do what, asked of the running console (issue #24): every route of the route table, as a viewer,
// an editor and an owner of account A, against A's ids and against B's. Real PostgreSQL and Redis.
import { expect } from 'chai';
import { roleAtLeast, type Role } from '@carrot-bridge/domain';
import { AccessWorld, type AccountIds } from './access-world';
import { AUTH } from './console-harness';

/** Bodies that pass validation, so that a handler reaches its ownership check (ids of the caller's own account). */
function validBody(method: string, pattern: string, own: AccountIds): unknown {
  if (method === 'PUT' && pattern.endsWith('/integrations/:integrationId'))
    return {
      name: 'x',
      trafficType: 'source',
      defaultSiteId: own.sites,
      defaultSourceId: own.sources,
      defaultEmployeeId: own.employees,
    };
  if (pattern.endsWith('/comagic-id')) return { comagicId: 4242 };
  if (pattern.endsWith('/operators/:operatorId')) return { employeeId: null };
  if (method === 'PATCH' && pattern.endsWith('/people/:personId')) return { role: 'viewer' };
  return undefined;
}

describe('access control: roles and accounts, route by route (real PostgreSQL and Redis)', function () {
  this.timeout(120_000);
  const w = new AccessWorld();
  const as = (role: Role) => w.cookieOf.get(role)!;
  const label = (method: string, path: string, status: number) => `${method} ${path} → ${status}`;

  before(() => w.start('access_control'));
  after(() => w.stop());

  it("a viewer of A reads every one of A's reads, and is refused (403) every change", async () => {
    const wrong: string[] = [];
    for (const route of w.accountRoutes()) {
      let path = w.pathOf(route.path, w.A);
      if (route.path.includes('/reports/')) path += '?from=2026-03-01&to=2026-03-02';
      const answer = await w.api(as('viewer'), route.method, path);
      const needed = (route.policy as { role: Role }).role;
      const expected = needed === 'viewer' ? 200 : 403;
      if (answer.status !== expected) wrong.push(label(route.method, path, answer.status));
    }
    expect(wrong).to.deep.equal([]);
  });

  it('a viewer of A gets 404 for everything of account B, reads and changes alike', async () => {
    const wrong: string[] = [];
    for (const route of w.accountRoutes()) {
      const path = w.pathOf(route.path, w.B);
      const answer = await w.api(as('viewer'), route.method, path, validBody(route.method, route.path, w.B));
      if (answer.status !== 404) wrong.push(label(route.method, path, answer.status));
      if (answer.status === 404)
        expect(answer.body).to.deep.equal({ status: 'not_found', message: 'Аккаунт не найден' });
    }
    expect(wrong).to.deep.equal([]);
  });

  it("an owner of A gets 404 for every id of B given in A's own paths, and B's things stay as they were", async () => {
    const before = await w.api(AUTH, 'GET', `/accounts/${w.B.accountId}/integrations/${w.B.integrationId}`);
    const wrong: string[] = [];
    for (const route of w.accountRoutes()) {
      const path = w.pathOf(route.path, w.B, w.A.accountId);
      if (path === w.pathOf(route.path, w.A)) continue; // takes no id of its own
      const answer = await w.api(as('owner'), route.method, path, validBody(route.method, route.path, w.A));
      if (answer.status !== 404) wrong.push(label(route.method, path, answer.status));
    }
    // Ids given as filters: another account's are unknown here, not an empty answer.
    for (const path of [
      `/accounts/${w.A.accountId}/chats?integrationId=${w.B.integrationId}`,
      `/accounts/${w.A.accountId}/chats?campaignId=${w.B.campaigns}`,
      `/accounts/${w.A.accountId}/chats?sourceId=${w.B.sources}`,
      `/accounts/${w.A.accountId}/reports/chats-per-day?from=2026-03-01&to=2026-03-02&integrationId=${w.B.integrationId}`,
      `/accounts/${w.A.accountId}/reports/chats-per-day.csv?from=2026-03-01&to=2026-03-02&integrationId=${w.B.integrationId}`,
    ]) {
      const answer = await w.api(as('owner'), 'GET', path);
      if (answer.status !== 404) wrong.push(label('GET', path, answer.status));
    }
    expect(wrong).to.deep.equal([]);
    const after = await w.api(AUTH, 'GET', `/accounts/${w.B.accountId}/integrations/${w.B.integrationId}`);
    expect(after.status).to.equal(200);
    expect(after.body).to.deep.equal(before.body);
    const bToken = await w.t.db.apiToken.findUniqueOrThrow({ where: { id: w.B.tokenId } });
    expect(bToken.revokedAt).to.equal(null);
  });

  it('an editor of A changes settings but cannot manage people or tokens (403)', async () => {
    const ownerOnly = w.accountRoutes().filter((route) => (route.policy as { role: Role }).role === 'owner');
    expect(ownerOnly.map((route) => route.path)).to.include(`/api/accounts/:accountId/api-tokens`);
    const wrong: string[] = [];
    for (const route of w.accountRoutes()) {
      const path = w.pathOf(route.path, w.A);
      const allowed = roleAtLeast('editor', (route.policy as { role: Role }).role);
      // Only the refusals are asked: an allowed change would change A for the tests after this one.
      if (allowed) continue;
      const answer = await w.api(as('editor'), route.method, path, validBody(route.method, route.path, w.A));
      if (answer.status !== 403) wrong.push(label(route.method, path, answer.status));
    }
    expect(wrong).to.deep.equal([]);
    const saved = await w.api(
      as('editor'),
      'PUT',
      `/accounts/${w.A.accountId}/integrations/${w.A.integrationId}/operators/${w.A.operatorId}`,
      { employeeId: w.A.employees },
    );
    expect(saved.status).to.equal(200);
  });

  it('without credentials every route but the public ones is 401, and no account id is confirmed', async () => {
    const wrong: string[] = [];
    for (const route of w.routes.filter((r) => r.path.startsWith('/api/') && r.policy?.kind !== 'public')) {
      if (route.method === '*') continue;
      for (const ids of [w.A, { ...w.A, accountId: '00000000-0000-4000-8000-000000000000' }]) {
        const path = w.pathOf(route.path, ids);
        const answer = await w.api({}, route.method, path);
        if (answer.status !== 401) wrong.push(label(route.method, path, answer.status));
        else if (!/^Basic realm="carrot-bridge"/.test(answer.headers.get('www-authenticate') ?? ''))
          wrong.push(`${route.method} ${path}: no Basic challenge`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('the account list shows a person only their accounts, with their role', async () => {
    const listed = await w.api(as('viewer'), 'GET', '/accounts');
    expect(listed.status).to.equal(200);
    expect(listed.body.accounts.map((a: { id: string; role: string }) => [a.id, a.role])).to.deep.equal([
      [w.A.accountId, 'viewer'],
    ]);
    const operator = await w.api(AUTH, 'GET', '/accounts');
    expect(operator.body.accounts.map((a: { id: string }) => a.id)).to.include.members([w.A.accountId, w.B.accountId]);
  });

  it("Bull Board is the operator's: a person is refused (403), a stranger gets the Basic challenge", async () => {
    const person = await fetch(`${w.base}/admin/queues/api/queues`, { headers: as('owner') });
    expect(person.status).to.equal(403);
    const stranger = await fetch(`${w.base}/admin/queues`, { redirect: 'manual' });
    expect(stranger.status).to.equal(401);
    expect(stranger.headers.get('www-authenticate')).to.match(/^Basic/);
    expect((await fetch(`${w.base}/admin/queues/api/queues`, { headers: AUTH })).status).to.equal(200);
  });
});
