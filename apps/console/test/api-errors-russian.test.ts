// Every API error is Russian (issue #26): bad input to every route of the console's route table, as an
// owner of account A — a malformed id in each path parameter, broken and wrong JSON bodies, unknown query
// values — and each 4xx answer's message (and each field's) is Russian, its `status` a stable English
// code. Real PostgreSQL and Redis (the world of the access tests, with every optional part).
import { expect } from 'chai';
import type { Queue } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { listenOnLoopback } from '@carrot-bridge/test-support';
import type { RouteEntry } from '../src/auth/route-table';
import { createSession } from '../src/auth/session-store';
import type { BackfillService } from '../src/backfill/backfill.service';
import { createConsoleApp } from '../src/create-console-app';
import type { IntegrationService } from '../src/integrations/integration.service';
import { FailedLoginLimiter } from '../src/security/failed-login-limiter';
import { AccessWorld } from './access-world';
import { AUTH, PASSWORD, USER } from './console-harness';
import { problemsOfErrorAnswer } from './russian-message';

/** Every query parameter a console route reads, each with a value it cannot take. */
const BAD_QUERY: Record<string, string> = {
  from: 'вчера',
  to: '2026-13-45',
  integrationId: 'not-an-id',
  channel: 'fax',
  attributionKind: 'guess',
  campaignId: 'not-an-id',
  sourceId: 'not-an-id',
  exportStatus: 'lost',
  search: 'a',
  limit: 'many',
  cursor: 'not-a-cursor',
  actor: 'x'.repeat(400),
  action: 'Drop Table',
  before: 'not-a-cursor',
  dimension: 'weather',
  timeZone: 'Mars/Olympus',
};
/** Ids that are well-formed but of nothing: another account's filter is unknown, not an empty answer. */
const UNKNOWN_ID_KEYS = ['integrationId', 'campaignId', 'sourceId'];

/** Path parameter values no thing has: not an id at all, and a path whose percent-encoding is not UTF-8. */
const MALFORMED_IDS = ['not-an-id', '%ED%A0%80'];

interface Sent {
  route: RouteEntry;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as it is (broken JSON too). */
  body?: string;
  /** The names the request sent, which a message may name. */
  fields?: string[];
}

describe('every API error is Russian, with a stable English code (real PostgreSQL and Redis)', function () {
  this.timeout(240_000);
  const w = new AccessWorld();
  /** Each route's 4xx answers checked, by `METHOD path`. */
  const checked = new Map<string, number>();
  const wrong: string[] = [];
  const label = (route: RouteEntry) => `${route.method} ${route.path}`;

  before(() => w.start('api_errors_russian'));
  after(() => w.stop());
  beforeEach(() => {
    wrong.length = 0;
  });

  /** A fresh session of A's owner for each request: a sign-out or a removal on one route must not end the next. */
  async function owner(): Promise<Record<string, string>> {
    const { token } = await createSession(w.t.db, { personId: w.personOf.get('owner')!, method: 'password' });
    return { cookie: `cb_session=${token}` };
  }

  /** Sends, and checks the answer if it is a refusal (4xx, 503); returns the answer's status and body. */
  async function send(request: Sent): Promise<{ status: number; body: any }> {
    const headers = request.headers ?? (await owner());
    const response = await fetch(`${w.base}${request.path}`, {
      method: request.method,
      redirect: 'manual',
      headers: { ...headers, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the check says so.
    }
    const where = `${request.method} ${request.path.slice(0, 160)}${request.body ? ` ${request.body.slice(0, 80)}` : ''} → ${response.status}`;
    // Bad input is never our failure; a 503 (a service down) is an answer like a 4xx, and Russian too.
    if (response.status === 500) wrong.push(`${where}: ${text.slice(0, 200)}`);
    if (response.status >= 400) {
      for (const problem of problemsOfErrorAnswer(body, request.fields)) wrong.push(`${where}: ${problem}`);
      checked.set(label(request.route), (checked.get(label(request.route)) ?? 0) + 1);
    }
    return { status: response.status, body };
  }

  /** The API's routes (the page's files and Bull Board are not the JSON API). */
  const apiRoutes = () => w.routes.filter((route) => route.path.startsWith('/api/') && route.method !== '*');
  const paramsOf = (pattern: string) => pattern.split('/').flatMap((part, i) => (part.startsWith(':') ? [i] : []));
  const isWrite = (route: RouteEntry) => !['GET', 'HEAD'].includes(route.method);

  it('a malformed id in each path parameter is refused in Russian', async () => {
    let sent = 0;
    for (const route of apiRoutes())
      for (const index of paramsOf(route.path))
        for (const bad of MALFORMED_IDS) {
          const parts = w.pathOf(route.path, w.A).split('/');
          parts[index] = bad;
          const answer = await send({
            route,
            method: route.method,
            path: parts.join('/'),
            ...(isWrite(route) ? { body: '{}' } : {}),
          });
          sent += 1;
          if (answer.status < 400)
            wrong.push(`${route.method} ${parts.join('/')} → ${answer.status}: a malformed id was taken`);
        }
    expect(sent).to.be.greaterThan(100);
    expect(wrong).to.deep.equal([]);
  });

  it('each query parameter with a value it cannot take, alone, twice, and all at once, is refused in Russian', async () => {
    const refusedKeys = new Set<string>();
    const gets = apiRoutes().filter((route) => route.method === 'GET');
    for (const route of gets) {
      const path = w.pathOf(route.path, w.A);
      const queries: [string[], string][] = [
        [Object.keys(BAD_QUERY), new URLSearchParams(BAD_QUERY).toString()],
        ...Object.entries(BAD_QUERY).flatMap(([key, value]): [string[], string][] => [
          [[key], new URLSearchParams({ [key]: value }).toString()],
          // A key given twice arrives as a list.
          [[key], `${key}=1&${key}=2`],
        ]),
        ...UNKNOWN_ID_KEYS.map((key): [string[], string] => [[key], `${key}=${randomUUID()}`]),
      ];
      for (const [keys, query] of queries) {
        const answer = await send({ route, method: 'GET', path: `${path}?${query}`, fields: keys });
        if (answer.status >= 400 && keys.length === 1) refusedKeys.add(keys[0]!);
      }
    }
    // A key no route refuses is no longer read: the list above went stale, and tests nothing.
    expect([...refusedKeys].sort()).to.deep.equal(Object.keys(BAD_QUERY).sort());
    expect(wrong).to.deep.equal([]);
  });

  it('broken, empty and wrong-typed JSON bodies of every write are refused in Russian', async () => {
    // Removals last: what they remove (the integration, the token) must be there for the other writes.
    const writes = apiRoutes()
      .filter(isWrite)
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    let refusedBodies = 0;
    for (const route of writes) {
      const path = w.pathOf(route.path, w.A);
      const brokenJson = await send({ route, method: route.method, path, body: '{"name": ' });
      if (brokenJson.status !== 400 || brokenJson.body?.status !== 'bad_json')
        wrong.push(`${route.method} ${path} broken JSON → ${brokenJson.status} ${JSON.stringify(brokenJson.body)}`);
      const empty = await send({ route, method: route.method, path, body: '{}' });
      await send({ route, method: route.method, path, body: '[]' });
      // The fields the empty body was refused for, each given a value of the wrong kind (an object, then a word).
      const named = [
        ...new Set(
          ((empty.body?.errors ?? []) as { field: string }[])
            .map((e) => e.field.split('.')[0]!)
            .filter((field) => field !== '(body)'),
        ),
      ];
      if (named.length) refusedBodies += 1;
      for (const value of [{ x: 1 }, 'не-то', -1.5]) {
        const body = JSON.stringify(Object.fromEntries([...named, 'unknownField'].map((field) => [field, value])));
        await send({ route, method: route.method, path, body, fields: [...named, 'unknownField'] });
      }
    }
    // The body checks did reach the schemas (not only the JSON parser).
    expect(refusedBodies).to.be.greaterThan(10);
    expect(wrong).to.deep.equal([]);
  });

  it('answers before any route: no credentials, a bad token, a viewer, another site, not JSON, too large', async () => {
    for (const route of apiRoutes()) {
      const path = w.pathOf(route.path, w.A);
      await send({ route, method: route.method, path, headers: {} });
      await send({ route, method: route.method, path, headers: { authorization: 'Bearer cbt_unknown' } });
      // The page's own fetch after its session ended: «войдите снова», not the browser's login box.
      await send({
        route,
        method: route.method,
        path,
        headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' },
      });
      await send({ route, method: route.method, path, headers: w.cookieOf.get('viewer')! });
      if (!isWrite(route)) continue;
      const owner_ = await owner();
      await send({
        route,
        method: route.method,
        path,
        headers: { ...owner_, origin: 'https://evil.example' },
        body: '{}',
      });
      const plain = await fetch(`${w.base}${path}`, {
        method: route.method,
        headers: { ...owner_, 'content-type': 'text/plain' },
        body: 'name=x',
      });
      const plainBody = await plain.json();
      expect(plain.status, `${route.method} ${path} text/plain`).to.equal(415);
      wrong.push(...problemsOfErrorAnswer(plainBody).map((p) => `${route.method} ${path} text/plain: ${p}`));
    }
    const [someWrite] = apiRoutes().filter((route) => route.path.endsWith('/integrations') && route.method === 'POST');
    const large = await send({
      route: someWrite!,
      method: 'POST',
      path: w.pathOf(someWrite!.path, w.A),
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect([large.status, large.body.status]).to.deep.equal([413, 'payload_too_large']);
    expect(wrong).to.deep.equal([]);
  });

  it('an unknown API address and the operator-only Bull Board are refused in Russian too', async () => {
    const unknown = await send({
      route: { method: '*', path: '/api/*', policy: null },
      method: 'GET',
      path: '/api/no-such-thing',
    });
    expect(unknown.status).to.equal(404);
    const board = await send({
      route: { method: '*', path: '/admin/queues/*', policy: null },
      method: 'GET',
      path: '/admin/queues',
      headers: await owner(),
    });
    expect(board.status).to.equal(403);
    expect(wrong).to.deep.equal([]);
  });

  it('every route of the table answered the bad input above with at least one checked refusal', () => {
    const unchecked = apiRoutes()
      .map(label)
      .filter((route) => !checked.has(route));
    expect(unchecked, 'routes no bad input reached').to.deep.equal([]);
    expect(apiRoutes().length).to.be.greaterThan(60);
  });

  it('an unknown account, and one the caller is not in, are answered word for word alike (docs/access.md)', async () => {
    const route = apiRoutes().find((r) => r.path.endsWith('/chats') && r.method === 'GET')!;
    const unknown = await send({ route, method: 'GET', path: `/api/accounts/${randomUUID()}/chats` });
    const notMine = await send({ route, method: 'GET', path: `/api/accounts/${w.B.accountId}/chats` });
    expect([unknown.status, unknown.body]).to.deep.equal([404, { status: 'not_found', message: 'Аккаунт не найден' }]);
    expect([notMine.status, notMine.body]).to.deep.equal([unknown.status, unknown.body]);
    const operator = await send({ route, method: 'GET', path: `/api/accounts/${randomUUID()}/chats`, headers: AUTH });
    expect(operator.body).to.deep.equal(unknown.body);
  });
});

/** A database every call to which fails with `failure()`: PostgreSQL down, or our own bug. */
function failingDatabase(failure: () => unknown): Database {
  const handler: ProxyHandler<() => void> = {
    get: (_target, key) => (key === 'then' ? undefined : new Proxy(() => {}, handler)),
    apply: () => Promise.reject(failure()),
  };
  return new Proxy(() => {}, handler) as unknown as Database;
}

describe('the answers no bad input provokes are Russian too: 429, 503, 500', function () {
  let failure: () => unknown = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  let base = '';
  let stop: () => Promise<void> = async () => {};
  const basic = (password: string) => ({
    authorization: `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`,
  });
  const ask = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  before(async () => {
    const app = createConsoleApp({
      db: failingDatabase(() => failure()),
      queues: [] as Queue[],
      logger: createMemoryLogger('api-errors-russian').logger,
      user: USER,
      password: PASSWORD,
      pingRedis: async () => true,
      integrations: {} as IntegrationService,
      backfill: {} as BackfillService,
      loginLimiter: new FailedLoginLimiter({ maxFailures: 1, windowMs: 60_000, blockMs: 60_000, maxAddresses: 10 }),
    });
    ({ stop, port: base } = await listenOnLoopback(app, 'the console').then((l) => ({
      stop: l.stop,
      port: `http://127.0.0.1:${l.port}`,
    })));
  });
  after(() => stop());

  it('PostgreSQL down: 503 when checking a session, 503 in a route', async () => {
    // A well-formed token: only that reaches the database.
    const session = await ask('/api/accounts', { cookie: `cb_session=${randomBytes(32).toString('base64url')}` });
    const route = await ask(`/api/accounts/${randomUUID()}/chats`, AUTH);
    expect([session.status, route.status]).to.deep.equal([503, 503]);
    expect([...problemsOfErrorAnswer(session.body), ...problemsOfErrorAnswer(route.body)]).to.deep.equal([]);
  });

  it('our own failure: 500, and what it says is Russian', async () => {
    failure = () => new Error('a bug of ours');
    const answer = await ask(`/api/accounts/${randomUUID()}/chats`, AUTH);
    expect(answer.status).to.equal(500);
    expect(problemsOfErrorAnswer(answer.body)).to.deep.equal([]);
  });

  it('too many wrong passwords: 401, then 429', async () => {
    // One failure allowed; the second puts the address over the limit; the third is held off.
    const wrongPassword = await ask('/api/accounts', basic('wrong'));
    await ask('/api/accounts', basic('wrong'));
    const heldOff = await ask('/api/accounts', basic('wrong'));
    expect([wrongPassword.status, heldOff.status]).to.deep.equal([401, 429]);
    expect([...problemsOfErrorAnswer(wrongPassword.body), ...problemsOfErrorAnswer(heldOff.body)]).to.deep.equal([]);
  });
});
