// Accounts, people and invitation links (issue #24, F) against a real console over real PostgreSQL: who
// may create accounts and manage people, links that work once, a reset that ends every session, and an
// account that always keeps an owner.
import { expect } from 'chai';
import { ConsoleHarness, AUTH } from './console-harness';

const PASSWORD = 'correct horse battery';

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

describe('accounts, people and invitations (real PostgreSQL)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let accountId: string;
  let otherAccountId: string;

  /** A call as the operator (basic auth), as a person (their cookie), or as no one. */
  async function call(method: string, path: string, as: 'operator' | string | null, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (as === 'operator') Object.assign(headers, AUTH);
    else if (as) headers.cookie = as;
    const response = await fetch(`${h.base}/api${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

  /** Invites `email` into `account` as the operator and accepts the link: the person's session cookie. */
  async function member(account: string, email: string, role: string): Promise<string> {
    const invited = await call('POST', `/accounts/${account}/invitations`, 'operator', { email, role });
    expect(invited.status, JSON.stringify(invited.body)).to.equal(201);
    const accepted = await call('POST', `/invitations/${tokenOf(invited.body.url)}/accept`, null, {
      password: PASSWORD,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(204);
    return signIn(email, PASSWORD);
  }

  async function signIn(email: string, password: string): Promise<string> {
    const answer = await call('POST', '/session', null, { email, password });
    expect(answer.status, `sign-in of ${email}`).to.equal(204);
    return answer.headers.get('set-cookie')!.split(';')[0]!;
  }

  const auditActions = async (account: string) =>
    (await h.t.db.auditEvent.findMany({ where: { accountId: account }, orderBy: { at: 'asc' } })).map((e) => ({
      action: e.action,
      actor: e.actorLabel,
      details: e.details,
    }));

  before(async () => {
    await h.start('people', { secretsKey: h.secretsKey, consolePublicUrl: 'https://console.example.com/' });
    const created = await call('POST', '/accounts', 'operator', { name: 'Агентство', cabinetAccountId: 'cab-7' });
    expect(created.status).to.equal(201);
    accountId = created.body.id;
    otherAccountId = (await call('POST', '/accounts', 'operator', { name: 'Другой' })).body.id;
  });
  after(() => h.stop());

  it('the operator creates accounts (the cabinet id once); a person may not (403), a token gets 404, a stranger 401', async () => {
    expect((await h.t.db.account.findUnique({ where: { id: accountId } }))!.cabinetAccountId).to.equal('cab-7');
    const again = await call('POST', '/accounts', 'operator', { name: 'Дубль', cabinetAccountId: 'cab-7' });
    expect(again.status).to.equal(409);
    expect(again.body.errors).to.deep.equal([
      { field: 'cabinetAccountId', message: 'Уже привязан к другому аккаунту' },
    ]);
    expect((await call('POST', '/accounts', 'operator', { name: '  ' })).status).to.equal(422);

    const owner = await member(otherAccountId, 'owner-of-other@example.com', 'owner');
    expect((await call('POST', '/accounts', owner, { name: 'Моё' })).status).to.equal(403);
    expect((await call('POST', '/accounts', null, { name: 'Чужое' })).status).to.equal(401);
    const token = await call('POST', `/accounts/${otherAccountId}/api-tokens`, 'operator', {
      name: 'BI',
      scopes: ['settings:write'],
    });
    const bearer = await fetch(`${h.base}/api/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Токеном' }),
    });
    expect(bearer.status).to.equal(404);
    expect(await h.t.db.account.count({ where: { name: { in: ['Моё', 'Чужое', 'Токеном'] } } })).to.equal(0);
    expect((await auditActions(accountId))[0]).to.deep.equal({
      action: 'account.created',
      actor: 'operator',
      details: { name: 'Агентство', cabinetAccountId: 'cab-7' },
    });
  });

  it('an invitation link works once: the person is made, signs in, and the second use is refused (410)', async () => {
    const invited = await call('POST', `/accounts/${accountId}/invitations`, 'operator', {
      email: ' Owner@Example.com ',
      role: 'owner',
    });
    expect(invited.status).to.equal(201);
    expect(invited.body.url).to.match(/^https:\/\/console\.example\.com\/invite\.html#[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(invited.body.url);
    // Only the digest is stored.
    const row = await h.t.db.invitation.findUniqueOrThrow({ where: { id: invited.body.id } });
    expect(row.tokenHash).to.have.length(64);
    expect(row.tokenHash).to.not.contain(token);

    const described = await call('GET', `/invitations/${token}`, null);
    expect(described.body).to.deep.equal({
      email: 'owner@example.com',
      accountName: 'Агентство',
      purpose: 'invite',
      role: 'owner',
      passwordNeeded: true,
    });
    const weak = await call('POST', `/invitations/${token}/accept`, null, { password: 'short' });
    expect(weak.status).to.equal(400);
    expect(weak.body.message).to.match(/не короче 10 символов/);

    expect((await call('POST', `/invitations/${token}/accept`, null, { password: PASSWORD })).status).to.equal(204);
    const again = await call('POST', `/invitations/${token}/accept`, null, { password: 'another password 1' });
    expect(again.status).to.equal(410);
    expect(again.body.message).to.match(/уже использована/);
    expect((await call('POST', `/invitations/${'x'.repeat(43)}/accept`, null, { password: PASSWORD })).status).to.equal(
      404,
    );

    const owner = await signIn('owner@example.com', PASSWORD);
    const people = await call('GET', `/accounts/${accountId}/people`, owner);
    expect(people.status).to.equal(200);
    expect(people.body.people.map((p: any) => [p.email, p.role, p.hasPassword])).to.deep.equal([
      ['owner@example.com', 'owner', true],
    ]);
    const actions = (await auditActions(accountId)).map((e) => e.action);
    expect(actions).to.include.members(['person.invited', 'invitation.accepted', 'session.signed_in']);
  });

  it('an expired invitation is refused (410) and creates no one', async () => {
    const invited = await call('POST', `/accounts/${accountId}/invitations`, 'operator', {
      email: 'late@example.com',
      role: 'viewer',
    });
    await h.t.db.invitation.update({
      where: { id: invited.body.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const late = await call('POST', `/invitations/${tokenOf(invited.body.url)}/accept`, null, { password: PASSWORD });
    expect(late.status).to.equal(410);
    expect(late.body.message).to.match(/Срок действия ссылки истёк/);
    expect(await h.t.db.person.count({ where: { email: 'late@example.com' } })).to.equal(0);
  });

  it('an invitation for someone who already has a password adds the account and leaves the password alone', async () => {
    const invited = await call('POST', `/accounts/${accountId}/invitations`, 'operator', {
      email: 'owner-of-other@example.com',
      role: 'viewer',
    });
    const token = tokenOf(invited.body.url);
    expect((await call('GET', `/invitations/${token}`, null)).body.passwordNeeded).to.equal(false);
    expect(
      (await call('POST', `/invitations/${token}/accept`, null, { password: 'chosen by the inviter' })).status,
    ).to.equal(204);
    await signIn('owner-of-other@example.com', PASSWORD);
    expect(
      (await call('POST', '/session', null, { email: 'owner-of-other@example.com', password: 'chosen by the inviter' }))
        .status,
    ).to.equal(401);
  });

  it('an editor cannot manage people (403); a person of another account gets 404', async () => {
    const editor = await member(accountId, 'editor@example.com', 'editor');
    const editorId = (await h.t.db.person.findUniqueOrThrow({ where: { email: 'editor@example.com' } })).id;
    expect((await call('GET', `/accounts/${accountId}/people`, editor)).status).to.equal(403);
    expect(
      (await call('POST', `/accounts/${accountId}/invitations`, editor, { email: 'x@example.com', role: 'owner' }))
        .status,
    ).to.equal(403);
    expect(
      (await call('PATCH', `/accounts/${accountId}/people/${editorId}`, editor, { role: 'owner' })).status,
    ).to.equal(403);
    expect((await call('POST', `/accounts/${accountId}/people/${editorId}/password-reset`, editor)).status).to.equal(
      403,
    );
    expect((await h.t.db.membership.findFirstOrThrow({ where: { personId: editorId } })).role).to.equal('editor');

    const stranger = await member(otherAccountId, 'stranger@example.com', 'owner');
    expect((await call('GET', `/accounts/${accountId}/people`, stranger)).status).to.equal(404);
  });

  it('a reset link replaces the password and ends every session of the person', async () => {
    const owner = await signIn('owner@example.com', PASSWORD);
    const editorId = (await h.t.db.person.findUniqueOrThrow({ where: { email: 'editor@example.com' } })).id;
    const editor = await signIn('editor@example.com', PASSWORD);
    expect((await call('GET', `/accounts/${accountId}/integrations`, editor)).status).to.equal(200);

    const reset = await call('POST', `/accounts/${accountId}/people/${editorId}/password-reset`, owner);
    expect(reset.status).to.equal(201);
    const token = tokenOf(reset.body.url);
    expect((await call('GET', `/invitations/${token}`, null)).body).to.include({
      purpose: 'reset',
      passwordNeeded: true,
    });
    expect(
      (await call('POST', `/invitations/${token}/accept`, null, { password: 'a brand new password' })).status,
    ).to.equal(204);

    expect((await call('GET', `/accounts/${accountId}/integrations`, editor)).status).to.equal(401);
    expect((await call('POST', '/session', null, { email: 'editor@example.com', password: PASSWORD })).status).to.equal(
      401,
    );
    await signIn('editor@example.com', 'a brand new password');
    const actions = await auditActions(accountId);
    expect(actions.find((e) => e.action === 'password.reset_requested')).to.deep.include({
      actor: 'owner@example.com',
    });
  });

  it('an owner may not reset the password of someone who also belongs to an account they do not own', async () => {
    const owner = await signIn('owner@example.com', PASSWORD);
    const shared = (await h.t.db.person.findUniqueOrThrow({ where: { email: 'owner-of-other@example.com' } })).id;
    const refused = await call('POST', `/accounts/${accountId}/people/${shared}/password-reset`, owner);
    expect(refused.status).to.equal(403);
    expect(refused.body.message).to.match(/только оператор/);
    expect((await call('POST', `/accounts/${accountId}/people/${shared}/password-reset`, 'operator')).status).to.equal(
      201,
    );
  });

  it('the last owner can be neither demoted nor removed (409); with a second owner both work', async () => {
    const owner = await signIn('owner@example.com', PASSWORD);
    const ownerId = (await h.t.db.person.findUniqueOrThrow({ where: { email: 'owner@example.com' } })).id;
    const demote = await call('PATCH', `/accounts/${accountId}/people/${ownerId}`, owner, { role: 'editor' });
    expect(demote.status).to.equal(409);
    expect(demote.body.message).to.match(/единственного владельца/);
    expect((await call('DELETE', `/accounts/${accountId}/people/${ownerId}`, 'operator')).status).to.equal(409);

    const editorId = (await h.t.db.person.findUniqueOrThrow({ where: { email: 'editor@example.com' } })).id;
    expect(
      (await call('PATCH', `/accounts/${accountId}/people/${editorId}`, owner, { role: 'owner' })).status,
    ).to.equal(204);
    expect(
      (await call('PATCH', `/accounts/${accountId}/people/${ownerId}`, owner, { role: 'viewer' })).status,
    ).to.equal(204);
    // Now a viewer: the people of the account are closed to them at once.
    expect((await call('GET', `/accounts/${accountId}/people`, owner)).status).to.equal(403);
    expect((await call('DELETE', `/accounts/${accountId}/people/${ownerId}`, 'operator')).status).to.equal(204);
    expect((await call('GET', `/accounts/${accountId}/integrations`, owner)).status).to.equal(404);
    const actions = await auditActions(accountId);
    expect(actions.filter((e) => e.action === 'person.role_changed').map((e) => e.details)).to.deep.equal([
      { email: 'editor@example.com', from: 'editor', to: 'owner' },
      { email: 'owner@example.com', from: 'owner', to: 'viewer' },
    ]);
    expect(actions.find((e) => e.action === 'person.removed')).to.deep.include({
      actor: 'operator',
      details: { email: 'owner@example.com', role: 'viewer' },
    });
  });

  it('the invitation page and its modules open without signing in; the integration page does not', async () => {
    for (const path of ['/invite.html', '/invite.js', '/api.js', '/dom.js']) {
      const response = await fetch(`${h.base}${path}`, { redirect: 'manual' });
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('cache-control'), path).to.equal('no-cache');
    }
    expect((await fetch(`${h.base}/index.html`, { redirect: 'manual' })).status).to.equal(302);
  });

  it('pending invitations are listed and can be withdrawn; the withdrawn link no longer works', async () => {
    const invited = await call('POST', `/accounts/${accountId}/invitations`, 'operator', {
      email: 'maybe@example.com',
      role: 'editor',
    });
    const listed = await call('GET', `/accounts/${accountId}/people`, 'operator');
    expect(listed.body.invitations.map((i: any) => [i.email, i.role])).to.deep.include(['maybe@example.com', 'editor']);
    expect((await call('DELETE', `/accounts/${accountId}/invitations/${invited.body.id}`, 'operator')).status).to.equal(
      204,
    );
    expect((await call('DELETE', `/accounts/${accountId}/invitations/${invited.body.id}`, 'operator')).status).to.equal(
      404,
    );
    expect(
      (await call('POST', `/invitations/${tokenOf(invited.body.url)}/accept`, null, { password: PASSWORD })).status,
    ).to.equal(404);
  });
});
