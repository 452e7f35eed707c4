// Sign-in, sessions and API tokens (issue #24) against a real console app over real PostgreSQL and Redis.
import { expect } from 'chai';
import { request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { ChatImportProducer, createRedisConnection, QueueInspector, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { apiTokenDigest, hashPassword, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  listenOnLoopback,
  requireEnv,
  seedAccount,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { createConsoleApp } from '../src/create-console-app';
import { IntegrationService } from '../src/integrations/integration.service';
import { AuditLog } from '../src/audit/audit-log';
import { FailedLoginLimiter } from '../src/security/failed-login-limiter';

const OPERATOR = { authorization: `Basic ${Buffer.from('admin:correct-horse-battery').toString('base64')}` };
const PASSWORD = 'a long enough password';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request from a chosen loopback address (the limiters count per address), no redirects followed. */
function call(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; from?: string } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* a page */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The cb_session cookie a sign-in answer sets, as the Cookie header to send back. */
function sessionCookieOf(answer: Answer): string {
  const set = ([] as string[]).concat(answer.headers['set-cookie'] ?? []).find((c) => c.startsWith('cb_session='));
  if (!set) throw new Error(`no session cookie in ${JSON.stringify(answer.headers)}`);
  return set.split(';')[0]!;
}

describe('sign-in, sessions and API tokens (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let base = '';
  let stopServer: (() => Promise<void>) | undefined;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const producer = new ChatImportProducer(redis, { prefix });
  const secretsKey = randomBytes(32).toString('base64');
  const log = createMemoryLogger('sessions-test');
  let accountA = '';
  let accountB = '';
  let viewerId = '';
  const viewer = 'viewer@example.com';

  const signIn = (email: string, password: string, from?: string, headers: Record<string, string> = {}) =>
    call(base, 'POST', '/api/session', { body: { email, password }, headers, ...(from ? { from } : {}) });
  const asCookie = (cookie: string, method: string, path: string, headers: Record<string, string> = {}) =>
    call(base, method, path, { headers: { cookie, ...headers } });
  const auditOf = (accountId: string, action: string) =>
    t.db.auditEvent.findMany({ where: { accountId, action }, orderBy: { at: 'asc' } });

  before(async () => {
    await redisReady(redis);
    t = await createTestDatabase('sessions');
    accountA = await seedAccount(t.db, { name: 'Аккаунт А' });
    accountB = await seedAccount(t.db, { name: 'Аккаунт Б' });
    const person = await t.db.person.create({ data: { email: viewer, passwordHash: await hashPassword(PASSWORD) } });
    viewerId = person.id;
    await t.db.membership.createMany({
      data: [
        { personId: viewerId, accountId: accountA, role: 'viewer' },
        { personId: viewerId, accountId: accountB, role: 'owner' },
      ],
    });
    await t.db.person.create({ data: { email: 'invited@example.com', passwordHash: null } });
    const integrations = new IntegrationService({
      db: t.db,
      secretBox: new SecretBox(secretsKey),
      directory: new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey)),
      producer,
      queues: new QueueInspector(redis, { prefix }),
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: 'http://127.0.0.1:1',
      carrotQuestTimeoutMs: 1000,
      audit: new AuditLog(t.db, log.logger),
    });
    const limiter = () =>
      new FailedLoginLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 30_000, maxAddresses: 100 });
    const app = createConsoleApp({
      db: t.db,
      queues: [producer.queue],
      logger: log.logger,
      user: 'admin',
      password: 'correct-horse-battery',
      pingRedis: () => producer.ping(),
      integrations,
      secretsKey,
      loginLimiter: limiter(),
      emailLoginLimiter: limiter(),
      sessionLifetime: { idleMs: 30 * 60_000, absoluteMs: 24 * 3_600_000 },
    });
    const listening = await listenOnLoopback(app, 'the console');
    stopServer = listening.stop;
    base = `http://127.0.0.1:${listening.port}`;
  });
  after(async () => {
    await stopServer?.();
    await producer.close();
    redis.disconnect();
    await t?.drop();
  });

  it('signs a person in with a cookie the page cannot read, and shows who it is and their accounts', async () => {
    const answer = await signIn('  Viewer@Example.com ', PASSWORD);
    expect(answer.status).to.equal(204);
    const setCookie = ([] as string[]).concat(answer.headers['set-cookie'] ?? []).join('\n');
    expect(setCookie).to.match(
      /^cb_session=[A-Za-z0-9_-]{43}; Max-Age=86400; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    const cookie = sessionCookieOf(answer);
    const me = await asCookie(cookie, 'GET', '/api/me');
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.equal({
      kind: 'person',
      email: viewer,
      accounts: [
        { id: accountA, name: 'Аккаунт А', role: 'viewer' },
        { id: accountB, name: 'Аккаунт Б', role: 'owner' },
      ],
    });
    expect((await asCookie(cookie, 'GET', '/')).status).to.equal(200);
    const stored = await t.db.consoleSession.findMany({ where: { personId: viewerId } });
    expect(stored.map((s) => s.tokenHash)).not.to.include(cookie.slice('cb_session='.length));
    expect(stored.every((s) => s.method === 'password')).to.equal(true);
    // One sign-in event in each account the person belongs to, by the person.
    for (const accountId of [accountA, accountB]) {
      const events = await auditOf(accountId, 'session.signed_in');
      expect(events.at(-1)).to.deep.include({ actorKind: 'person', actorId: viewerId, actorLabel: viewer });
    }
  });

  it('refuses an unknown e-mail, a wrong password and a person without one with the same answer', async () => {
    const answers = [
      await signIn('nobody@example.com', PASSWORD, '127.0.0.21'),
      await signIn(viewer, 'not the password', '127.0.0.22'),
      await signIn('invited@example.com', '', '127.0.0.23'),
    ];
    for (const answer of answers) {
      expect(answer.status).to.equal(401);
      expect(answer.body).to.deep.equal({ status: 'unauthorized', message: 'Неверный e-mail или пароль' });
      expect(answer.headers['set-cookie']).to.equal(undefined);
      expect(answer.headers['www-authenticate']).to.equal(undefined);
    }
    // The wrong password is in the audit of each of the person's accounts; the unknown e-mail nowhere.
    for (const accountId of [accountA, accountB]) {
      const failed = await auditOf(accountId, 'session.sign_in_failed');
      expect(failed).to.have.length(1);
      expect(failed[0]).to.deep.include({ actorId: viewerId, actorLabel: viewer, ip: '127.0.0.22' });
      expect(failed[0]!.details).to.deep.equal({ reason: 'wrong_password' });
    }
    expect(JSON.stringify(await t.db.auditEvent.findMany())).not.to.contain('nobody@example.com');
  });

  it('signs out: the cookie is cleared and the same token is refused on the next request', async () => {
    const cookie = sessionCookieOf(await signIn(viewer, PASSWORD));
    expect((await asCookie(cookie, 'GET', '/api/me')).status).to.equal(200);
    const out = await asCookie(cookie, 'DELETE', '/api/session');
    expect(out.status).to.equal(204);
    expect(String(out.headers['set-cookie'])).to.match(/^cb_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    const after = await asCookie(cookie, 'GET', '/api/me');
    expect(after.status).to.equal(401);
    const page = await asCookie(cookie, 'GET', '/');
    expect([page.status, page.headers.location]).to.deep.equal([302, '/sign-in']);
    expect((await auditOf(accountA, 'session.signed_out')).at(-1)).to.deep.include({ actorId: viewerId });
  });

  it('signs out everywhere: every session of the person ends, another person keeps theirs', async () => {
    const other = await t.db.person.create({
      data: { email: 'other@example.com', passwordHash: await hashPassword(PASSWORD) },
    });
    const mine = [sessionCookieOf(await signIn(viewer, PASSWORD)), sessionCookieOf(await signIn(viewer, PASSWORD))];
    const theirs = sessionCookieOf(await signIn('other@example.com', PASSWORD));
    expect((await asCookie(mine[0]!, 'POST', '/api/session/sign-out-everywhere')).status).to.equal(204);
    for (const cookie of mine) expect((await asCookie(cookie, 'GET', '/api/me')).status).to.equal(401);
    expect((await asCookie(theirs, 'GET', '/api/me')).body).to.deep.include({ email: 'other@example.com' });
    const alive = await t.db.consoleSession.count({ where: { personId: viewerId, revokedAt: null } });
    expect(alive).to.equal(0);
    expect(await t.db.consoleSession.count({ where: { personId: other.id, revokedAt: null } })).to.equal(1);
    expect(await auditOf(accountB, 'session.signed_out_everywhere')).to.have.length(1);
  });

  it('refuses a session past its absolute end, one idle too long, and one of a disabled person', async () => {
    const expired = sessionCookieOf(await signIn(viewer, PASSWORD));
    const idle = sessionCookieOf(await signIn(viewer, PASSWORD));
    const live = sessionCookieOf(await signIn(viewer, PASSWORD));
    const [e, i] = await t.db.consoleSession.findMany({
      where: { personId: viewerId, revokedAt: null },
      orderBy: { createdAt: 'asc' },
    });
    await t.db.consoleSession.update({ where: { id: e!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await t.db.consoleSession.update({
      where: { id: i!.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await asCookie(expired, 'GET', '/api/me')).status).to.equal(401);
    expect((await asCookie(idle, 'GET', '/api/me')).status).to.equal(401);
    expect((await asCookie(live, 'GET', '/api/me')).status).to.equal(200);

    await t.db.person.update({ where: { id: viewerId }, data: { disabledAt: new Date() } });
    try {
      expect((await asCookie(live, 'GET', '/api/me')).status).to.equal(401);
      expect((await signIn(viewer, PASSWORD, '127.0.0.31')).status).to.equal(401);
    } finally {
      await t.db.person.update({ where: { id: viewerId }, data: { disabledAt: null } });
    }
  });

  it('keeps an active session alive, noting the request at most once a minute', async () => {
    const cookie = sessionCookieOf(await signIn(viewer, PASSWORD));
    const row = async () =>
      (await t.db.consoleSession.findFirst({ where: { personId: viewerId }, orderBy: { createdAt: 'desc' } }))!;
    const first = (await row()).lastSeenAt;
    await asCookie(cookie, 'GET', '/api/me');
    expect((await row()).lastSeenAt.getTime(), 'not written again within the minute').to.equal(first.getTime());
    // 29 minutes idle of 30: a request now keeps the session for another 30.
    const earlier = new Date(Date.now() - 29 * 60_000);
    await t.db.consoleSession.update({ where: { id: (await row()).id }, data: { lastSeenAt: earlier } });
    expect((await asCookie(cookie, 'GET', '/api/me')).status).to.equal(200);
    expect((await row()).lastSeenAt.getTime()).to.be.greaterThan(earlier.getTime() + 28 * 60_000);
  });

  it('holds off an address that keeps guessing, and an e-mail guessed at from many addresses', async () => {
    for (let i = 0; i < 4; i += 1) expect((await signIn('guess@example.com', 'x', '127.0.0.41')).status).to.equal(401);
    const held = await signIn(viewer, PASSWORD, '127.0.0.41');
    expect(held.status, 'even the right password, from the guessing address').to.equal(429);
    expect(Number(held.headers['retry-after'])).to.be.within(1, 30);
    expect((await signIn(viewer, PASSWORD, '127.0.0.42')).status, 'elsewhere it works').to.equal(204);

    for (let i = 0; i < 4; i += 1)
      expect((await signIn('other@example.com', 'wrong', `127.0.1.${i + 1}`)).status).to.equal(401);
    const emailHeld = await signIn('other@example.com', PASSWORD, '127.0.1.50');
    expect(emailHeld.status, 'the e-mail is held off from a fresh address').to.equal(429);
    expect(emailHeld.headers['retry-after']).to.match(/^\d+$/);
    expect(JSON.stringify(log.lines)).to.contain('too many failed sign-ins');
    expect(JSON.stringify(log.lines)).not.to.contain('other@example.com');
  });

  it('refuses a sign-in or sign-out sent by another site', async () => {
    const forged = await signIn(viewer, PASSWORD, undefined, { origin: 'https://evil.example' });
    expect(forged.status).to.equal(403);
    expect(forged.headers['set-cookie']).to.equal(undefined);
    const cookie = sessionCookieOf(await signIn(viewer, PASSWORD, '127.0.0.61'));
    const crossSite = await asCookie(cookie, 'DELETE', '/api/session', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).to.equal(403);
    expect((await asCookie(cookie, 'GET', '/api/me')).status).to.equal(200);
  });

  it('knows an API token by its digest; a revoked one is refused on the next request', async () => {
    const token = `cbt_${randomBytes(32).toString('base64url')}`;
    const row = await t.db.apiToken.create({
      data: {
        accountId: accountA,
        name: 'BI',
        scopes: ['chats:read'],
        tokenHash: apiTokenDigest(secretsKey, token),
        tokenLast4: token.slice(-4),
        createdBy: 'test',
      },
    });
    const bearer = { authorization: `Bearer ${token}` };
    const me = await call(base, 'GET', '/api/me', { headers: bearer });
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.equal({
      kind: 'token',
      name: 'BI',
      accounts: [{ id: accountA, name: 'Аккаунт А', role: null }],
    });
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).to.be.an.instanceOf(Date);
    // The last character changed to another one: a fixed 'A' equalled it one run in 16 (32 bytes in
    // base64url leave 4 bits for the last of 43 characters, so it is one of 16).
    const wrongToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const wrong = await call(base, 'GET', '/api/me', { headers: { authorization: `Bearer ${wrongToken}` } });
    expect(wrong.status).to.equal(401);
    await t.db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    expect((await call(base, 'GET', '/api/me', { headers: bearer })).status).to.equal(401);
  });

  it('still lets the operator in with basic auth, who sees every account', async () => {
    const me = await call(base, 'GET', '/api/me', { headers: OPERATOR });
    expect(me.status).to.equal(200);
    expect(me.body.kind).to.equal('operator');
    expect(me.body.accounts.map((a: { role: string }) => a.role)).to.deep.equal(['operator', 'operator']);
    const page = await call(base, 'GET', '/sign-in');
    expect(page.status).to.equal(200);
    expect(page.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
    expect(String(page.body)).to.contain('<form id="sign-in"');
    expect((await call(base, 'GET', '/app.js')).status, 'the rest of the page needs a sign-in').to.equal(401);
  });
});
