// Issue #24 item 5: every state change through the console's API (and cq) is in the account's audit log
// with its author, and the log holds no secret and no message text. Real PostgreSQL and Redis, the fake
// CarrotQuest and the fake Data API over HTTP; the operator's basic auth is the author here (sessions and
// tokens as authors are the access tests').
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { recordAuditEvent } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  BackfillScheduler,
  CatalogSyncScheduler,
  ChatImportProducer,
  createRedisConnection,
  QueueInspector,
  redisReady,
} from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  listenOnLoopback,
  requireEnv,
  seedAccount,
  seedAccountCatalog,
  type AccountCatalog,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { AuditLog, cliActor, cliAuditContext } from '../src/audit/audit-log';
import { createSession } from '../src/auth/session-store';
import { BackfillService } from '../src/backfill/backfill.service';
import { CabinetService } from '../src/cabinet/cabinet.service';
import { dataApiAccess } from '../src/cabinet/data-api-access';
import { reimportConversation, replayFailed, rotateWebhookKey, type CqDeps } from '../src/cli/cq-commands';
import { createConsoleApp } from '../src/create-console-app';
import { IntegrationService } from '../src/integrations/integration.service';
import { AUTH, PASSWORD, USER } from './console-harness';

// The secrets the walk sends: none may reach an AuditEvent, in any column.
const KEY_1 = `cq-key-first-${randomUUID()}`;
const KEY_2 = `cq-key-second-${randomUUID()}`;
const KEY_TYPED = `cq-key-typed-${randomUUID()}`;
const WEBHOOK_TOKEN = `wh-token-${randomUUID()}`;
const EXPORT_TOKEN_1 = `export-token-first-${randomUUID()}`;
const EXPORT_TOKEN_2 = `export-token-second-${randomUUID()}`;
const CABINET_TOKEN = `cabinet-token-${randomUUID()}`;
const MESSAGE_TEXT = 'Мой телефон +7 912 345-67-89, пароль от кабинета swordfish-42';

describe('audit log: every change with its author, no secret, no message text (real PostgreSQL and Redis)', function () {
  this.timeout(120_000);
  let t: TestDatabase;
  let base = '';
  let stopServer: () => Promise<void>;
  let at: AccountCatalog;
  let other: AccountCatalog;
  let audit: AuditLog;
  let cq: CqDeps;
  const carrotQuest = new FakeCarrotQuest();
  const dataApi = new FakeDataApi();
  const secretsKey = randomBytes(32).toString('base64');
  const secretBox = new SecretBox(secretsKey);
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const producer = new ChatImportProducer(redis, { prefix });
  const queues = new QueueInspector(redis, { prefix });
  const backfillScheduler = new BackfillScheduler(redis, { prefix });
  const catalogScheduler = new CatalogSyncScheduler(redis, { prefix });
  const log = createMemoryLogger('audit-test');

  before(async () => {
    await redisReady(redis);
    t = await createTestDatabase('audit_log');
    await carrotQuest.start();
    await dataApi.start();
    for (const key of [KEY_1, KEY_2, KEY_TYPED]) carrotQuest.addApp(key);
    carrotQuest.setOperators(KEY_2, [{ id: '5521', name: 'Алексей' }]);
    dataApi.addToken(CABINET_TOKEN, { appId: 48_213, name: 'ООО Ромашка', timeZone: 'Europe/Moscow' });
    at = await seedAccountCatalog(t.db);
    other = await seedAccountCatalog(t.db);
    const directory = new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey));
    await directory.replaceAll(new Map());
    audit = new AuditLog(t.db, log.logger);
    const integrations = new IntegrationService({
      db: t.db,
      audit,
      secretBox,
      directory,
      producer,
      queues,
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: carrotQuest.baseUrl,
      carrotQuestTimeoutMs: 2_000,
    });
    const app = createConsoleApp({
      db: t.db,
      queues: [producer.queue],
      logger: log.logger,
      user: USER,
      password: PASSWORD,
      pingRedis: () => producer.ping(),
      secretsKey,
      integrations,
      backfill: new BackfillService({ db: t.db, scheduler: backfillScheduler, integrations: integrations.keys, audit }),
      cabinet: new CabinetService({
        db: t.db,
        secretBox,
        dataApi: dataApiAccess({ comagic: dataApi.url, uis: dataApi.url }, 2_000),
        scheduler: catalogScheduler,
        audit,
      }),
    });
    cq = { db: t.db, producer, queues, integrations, audit, by: cliAuditContext() };
    const listening = await listenOnLoopback(app, 'the console');
    stopServer = listening.stop;
    base = `http://127.0.0.1:${listening.port}`;
  });
  after(async () => {
    await stopServer?.();
    for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
    await Promise.all([producer.close(), queues.close(), backfillScheduler.close(), catalogScheduler.close()]);
    redis.disconnect();
    await carrotQuest.stop();
    await dataApi.stop();
    await t?.drop();
  });

  async function api(method: string, path: string, body?: unknown, credentials: Record<string, string> = AUTH) {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: { ...credentials, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const eventsOf = (accountId: string) =>
    t.db.auditEvent.findMany({ where: { accountId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });

  it('records every state change of the walk, by the operator, with what it was done to', async () => {
    const account = `/accounts/${at.accountId}`;
    let integrationId = '';
    let siteId = '';
    let chatId = '';
    const integration = () => `${account}/integrations/${integrationId}`;
    const settings = () => ({ name: 'Сайт', ...at.sourceTrafficDefaults() });
    // [what the step is, the request, its status, the actions it records (in order), their target]
    const walk: Array<[string, () => Promise<{ status: number; body: any }>, number, string[], () => string | null]> = [
      [
        'create',
        async () => {
          const created = await api('POST', `${account}/integrations`, {
            ...settings(),
            apiKey: KEY_1,
            exportBrand: 'comagic',
            exportToken: EXPORT_TOKEN_1,
          });
          integrationId = created.body.id;
          return created;
        },
        201,
        ['integration.created'],
        () => integrationId,
      ],
      [
        'save with new secrets',
        () =>
          api('PUT', integration(), {
            ...settings(),
            name: 'Сайт 2',
            active: true,
            apiKey: KEY_2,
            webhookToken: WEBHOOK_TOKEN,
            exportBrand: 'comagic',
            exportToken: EXPORT_TOKEN_2,
          }),
        200,
        ['integration.updated', 'integration.activated', 'export_token.changed'],
        () => integrationId,
      ],
      [
        'deactivate',
        () => api('POST', `${integration()}/deactivate`),
        200,
        ['integration.deactivated'],
        () => integrationId,
      ],
      ['activate', () => api('POST', `${integration()}/activate`), 200, ['integration.activated'], () => integrationId],
      [
        'rotate',
        () => api('POST', `${integration()}/rotate-webhook-key`),
        200,
        ['webhook.rotated'],
        () => integrationId,
      ],
      [
        'check the stored key',
        () => api('POST', `${integration()}/check-key`),
        200,
        ['integration.key_checked'],
        () => integrationId,
      ],
      [
        'check a typed key',
        () => api('POST', `${account}/check-key`, { apiKey: KEY_TYPED }),
        200,
        ['integration.key_checked'],
        () => null,
      ],
      [
        'start a backfill',
        () => api('POST', `${integration()}/backfill`, { from: '2026-01-01', to: '2026-02-01' }),
        202,
        ['backfill.started'],
        () => integrationId,
      ],
      ['stop it', () => api('POST', `${integration()}/backfill/stop`), 202, ['backfill.stopped'], () => integrationId],
      [
        'connect the cabinet',
        () => api('PUT', `${account}/cabinet`, { brand: 'comagic', token: CABINET_TOKEN }),
        200,
        ['cabinet.connected'],
        () => null,
      ],
      ['check its token', () => api('POST', `${account}/cabinet/check`), 200, ['cabinet.token_checked'], () => null],
      [
        'sync its catalog',
        () => api('POST', `${account}/cabinet/sync`),
        202,
        ['cabinet.catalog_sync_requested'],
        () => null,
      ],
      ['disconnect it', () => api('DELETE', `${account}/cabinet`), 204, ['cabinet.disconnected'], () => null],
      [
        'add a site',
        async () => {
          const created = await api('POST', `${account}/sites`, { domain: 'audit.example', siteKey: 'audit-site' });
          siteId = created.body.id;
          return created;
        },
        201,
        ['catalog.created'],
        () => siteId,
      ],
      [
        'map the site',
        () => api('PUT', `${account}/sites/${siteId}/comagic-id`, { comagicId: 77 }),
        200,
        ['catalog.comagic_id_set'],
        () => siteId,
      ],
      [
        'refresh the operators',
        () => api('POST', `${integration()}/operators/refresh`),
        200,
        ['operator.list_refreshed'],
        () => integrationId,
      ],
      [
        'map an operator',
        async () => {
          const [seen] = await t.db.carrotQuestOperator.findMany({ where: { integrationId } });
          return api('PUT', `${integration()}/operators/${seen!.id}`, { employeeId: at.employeeId });
        },
        200,
        ['operator.mapped'],
        () => null,
      ],
      [
        'upload sessions',
        () =>
          api('POST', `${account}/visitor-sessions/bulk`, {
            sessions: [1, 2].map((n) => ({
              externalId: `s-${n}`,
              siteId: at.siteId,
              startedAt: '2026-03-01T10:00:00Z',
            })),
          }),
        200,
        ['sessions.uploaded'],
        () => null,
      ],
      [
        'read a transcript',
        async () => {
          const chat = await t.db.chat.create({
            data: {
              accountId: at.accountId,
              integrationId,
              conversationId: '27364519',
              carrotUserId: '1',
              channel: 'widget',
              startedAt: new Date('2026-03-01T10:00:00Z'),
              attributionKind: 'default',
              sourceId: at.sourceId,
              siteId: at.siteId,
            },
          });
          chatId = chat.id;
          await t.db.chatMessage.create({
            data: {
              chatId,
              partId: 'p1',
              sentAt: chat.startedAt,
              author: 'visitor',
              partType: 'reply_user',
              text: MESSAGE_TEXT,
            },
          });
          return api('GET', `${account}/chats/${chatId}`);
        },
        200,
        ['transcript.viewed'],
        () => chatId,
      ],
      ['remove the integration', () => api('DELETE', integration()), 204, ['integration.removed'], () => integrationId],
    ];

    for (const [step, request, status, actions, target] of walk) {
      const before = (await eventsOf(at.accountId)).length;
      const answer = await request();
      expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).to.equal(status);
      const recorded = (await eventsOf(at.accountId)).slice(before);
      expect(
        recorded.map((e) => e.action),
        step,
      ).to.deep.equal(actions);
      for (const event of recorded) {
        expect({ kind: event.actorKind, id: event.actorId, label: event.actorLabel }, step).to.deep.equal({
          kind: 'operator',
          id: null,
          label: 'operator',
        });
        expect(event.ip, step).to.be.a('string').and.not.equal('');
      }
      if (step !== 'map an operator') expect(recorded[0]!.targetId, step).to.equal(target());
    }

    const updated = (await eventsOf(at.accountId)).find((e) => e.action === 'integration.updated')!;
    const details = updated.details as { changed: string[]; new: Record<string, unknown> };
    expect(details.changed).to.have.members(['name', 'active', 'apiKey', 'webhookToken', 'exportToken']);
    expect(details.new).to.deep.equal({
      name: 'Сайт 2',
      active: true,
      apiKey: 'изменён',
      webhookToken: 'изменён',
      exportToken: 'изменён',
    });
    const checks = (await eventsOf(at.accountId)).filter((e) => e.action === 'integration.key_checked');
    expect(checks.map((e) => e.details)).to.deep.equal([
      { checked: 'stored', outcome: 'valid' },
      { checked: 'entered', outcome: 'valid' },
    ]);
    const uploaded = (await eventsOf(at.accountId)).find((e) => e.action === 'sessions.uploaded')!;
    expect(uploaded.details).to.deep.equal({ received: 2, upserted: 2 });
    // The other account saw none of it.
    expect(await eventsOf(other.accountId)).to.deep.equal([]);
  });

  it('records what cq changes as «operator (CLI, <OS user>)»', async () => {
    const created = await api('POST', `/accounts/${other.accountId}/integrations`, {
      name: 'CLI',
      apiKey: KEY_1,
      ...other.sourceTrafficDefaults(),
    });
    const id = created.body.id as string;
    const before = (await eventsOf(other.accountId)).length;
    await rotateWebhookKey(cq, id);
    await reimportConversation(cq, id, '31337');
    await replayFailed(cq, id);
    const recorded = (await eventsOf(other.accountId)).slice(before);
    expect(recorded.map((e) => [e.action, e.actorKind, e.actorLabel, e.targetId])).to.deep.equal([
      ['webhook.rotated', 'operator', cliActor().label, id],
      ['chat.reimported', 'operator', cliActor().label, id],
      ['jobs.replayed', 'operator', cliActor().label, id],
    ]);
    expect(cliActor().label).to.match(/^operator \(CLI, .+\)$/);
    expect(recorded[1]!.details).to.deep.include({ conversationId: '31337' });
    expect(recorded[2]!.details).to.deep.equal({ count: 0 });
  });

  it('keeps no secret and no message text in any stored event, in any column', async () => {
    const stored = JSON.stringify(await t.db.auditEvent.findMany());
    for (const secret of [KEY_1, KEY_2, KEY_TYPED, WEBHOOK_TOKEN, EXPORT_TOKEN_1, EXPORT_TOKEN_2, CABINET_TOKEN]) {
      expect(stored, 'a secret in the audit log').not.to.include(secret);
    }
    expect(stored).not.to.include('swordfish');
    expect(stored).not.to.include('912 345');
    const viewed = await t.db.auditEvent.findMany({ where: { action: 'transcript.viewed' } });
    expect(viewed.map((e) => e.details)).to.deep.equal([null]);
  });

  it('answers GET .../audit newest first, filtered by actor and kind, a page at a time', async () => {
    const all = (await eventsOf(at.accountId)).reverse();
    const pages: string[] = [];
    let next: string | null = null;
    do {
      const page: { status: number; body: any } = await api(
        'GET',
        `/accounts/${at.accountId}/audit?limit=4${next ? `&before=${next}` : ''}`,
      );
      expect(page.status).to.equal(200);
      expect(page.body.events.length).to.be.at.most(4);
      pages.push(...page.body.events.map((e: { action: string; at: string }) => `${e.at} ${e.action}`));
      next = page.body.next;
    } while (next);
    expect(pages).to.deep.equal(all.map((e) => `${e.at.toISOString()} ${e.action}`));

    const first = (await api('GET', `/accounts/${at.accountId}/audit?limit=1`)).body.events[0];
    expect(first).to.deep.equal({
      at: all[0]!.at.toISOString(),
      actor: { kind: 'operator', label: 'operator' },
      action: 'integration.removed',
      label: 'Интеграция удалена',
      targetId: all[0]!.targetId,
      details: null,
    });

    const cabinet = (await api('GET', `/accounts/${at.accountId}/audit?action=cabinet`)).body.events;
    expect(cabinet.map((e: { action: string }) => e.action)).to.deep.equal([
      'cabinet.disconnected',
      'cabinet.catalog_sync_requested',
      'cabinet.token_checked',
      'cabinet.connected',
    ]);
    const exact = (await api('GET', `/accounts/${at.accountId}/audit?action=integration.activated`)).body.events;
    expect(exact).to.have.length(2);

    await recordAuditEvent(t.db, {
      accountId: at.accountId,
      actorKind: 'person',
      actorId: randomUUID(),
      actorLabel: 'anna@shop.example',
      action: 'session.signed_in',
    });
    const anna = (await api('GET', `/accounts/${at.accountId}/audit?actor=anna%40shop.example`)).body;
    expect(anna.events.map((e: { action: string }) => e.action)).to.deep.equal(['session.signed_in']);
    expect(anna.next).to.equal(null);
    const filters = (await api('GET', `/accounts/${at.accountId}/audit/filters`)).body;
    expect(filters.actors).to.deep.equal([
      { kind: 'operator', label: 'operator' },
      { kind: 'person', label: 'anna@shop.example' },
    ]);
    expect(filters.kinds).to.deep.include({ kind: 'integration', label: 'Настройки интеграции' });

    for (const query of ['limit=0', 'limit=201', 'before=bm90LWEtY3Vyc29y', 'action=integration.updated.x']) {
      expect((await api('GET', `/accounts/${at.accountId}/audit?${query}`)).status, query).to.equal(422);
    }
    expect((await api('GET', `/accounts/${randomUUID()}/audit`)).status).to.equal(404);
  });

  it('names a signed-in person or an API token as the author; a viewer reads the log of its account only', async () => {
    const person = async (email: string, role: 'viewer' | 'editor') => {
      const row = await t.db.person.create({ data: { email } });
      await t.db.membership.create({ data: { personId: row.id, accountId: at.accountId, role } });
      const { token } = await createSession(t.db, { personId: row.id, method: 'password' });
      return { id: row.id, cookie: { cookie: `cb_session=${token}` } };
    };
    const viewer = await person('viewer@shop.example', 'viewer');
    const editor = await person('editor@shop.example', 'editor');
    const account = `/accounts/${at.accountId}`;

    expect((await api('GET', `${account}/audit?limit=1`, undefined, viewer.cookie)).status).to.equal(200);
    expect((await api('GET', `/accounts/${other.accountId}/audit`, undefined, viewer.cookie)).status).to.equal(404);
    const before = (await eventsOf(at.accountId)).length;
    const refused = await api('POST', `${account}/sites`, { domain: 'v.example', siteKey: 'v-site' }, viewer.cookie);
    expect(refused.status).to.equal(403);
    expect((await eventsOf(at.accountId)).length, 'a refused write records nothing').to.equal(before);

    const created = await api(
      'POST',
      `${account}/integrations`,
      { name: 'От редактора', apiKey: KEY_1, ...at.sourceTrafficDefaults() },
      editor.cookie,
    );
    expect(created.status).to.equal(201);
    const byEditor = (await eventsOf(at.accountId)).at(-1)!;
    expect([byEditor.action, byEditor.actorKind, byEditor.actorId, byEditor.actorLabel]).to.deep.equal([
      'integration.created',
      'person',
      editor.id,
      'editor@shop.example',
    ]);

    const issued = await api('POST', `${account}/api-tokens`, { name: 'BI', scopes: ['chats:read'] });
    expect(issued.status).to.equal(201);
    const bearer = { authorization: `Bearer ${issued.body.token}` };
    const chat = await t.db.chat.create({
      data: {
        accountId: at.accountId,
        integrationId: created.body.id,
        conversationId: '27364520',
        carrotUserId: '2',
        channel: 'widget',
        startedAt: new Date('2026-03-02T10:00:00Z'),
        attributionKind: 'default',
        sourceId: at.sourceId,
        siteId: at.siteId,
      },
    });
    expect((await api('GET', `${account}/chats/${chat.id}`, undefined, bearer)).status).to.equal(200);
    const byToken = (await eventsOf(at.accountId)).at(-1)!;
    expect([byToken.action, byToken.actorKind, byToken.actorId, byToken.actorLabel, byToken.targetId]).to.deep.equal([
      'transcript.viewed',
      'token',
      issued.body.id,
      'token "BI"',
      chat.id,
    ]);
    // The log itself is for people (and the operator): a token has no scope for it.
    expect((await api('GET', `${account}/audit`, undefined, bearer)).status).to.equal(403);
    expect(JSON.stringify(await t.db.auditEvent.findMany())).not.to.include(issued.body.token);
  });

  it('never fails the caller: an event that cannot be written is logged with why, not with what', async () => {
    const lines = log.lines.length;
    await audit.record({
      accountId: randomUUID(),
      actor: cliActor(),
      action: 'integration.updated',
      details: { name: 'секретное-имя-в-деталях' },
    });
    const logged = log.lines.slice(lines);
    expect(logged.map((l) => l.message)).to.deep.equal(['audit: event not recorded']);
    expect(logged[0]!.reason).to.match(/P2003/);
    expect(JSON.stringify(logged)).not.to.include('секретное-имя');
  });

  it('pnpm cq audit prints the newest events, terminal-safe, and refuses a bad --limit', async () => {
    const accountId = await seedAccount(t.db);
    const event = (actorLabel: string, action: string, at: string) =>
      recordAuditEvent(t.db, { accountId, actorKind: 'person', actorId: null, actorLabel, action, at: new Date(at) });
    await event('operator (CLI, deploy)', 'webhook.rotated', '2026-11-30T09:00:00Z');
    await event('anna@shop.example', 'session.signed_in', '2026-12-01T09:00:00Z');
    await event('evil\x1b]52;c;eA==\x07@shop.example', 'session.signed_in', '2026-12-02T09:00:00Z');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'apps/console/src/cli/cq.ts', 'audit', ...args], {
          cwd: fileURLToPath(new URL('../../../', import.meta.url)),
          env: {
            PATH: process.env.PATH ?? '',
            CARROT_BRIDGE_ENV_FILE: 'none',
            REDIS_URL: requireEnv('REDIS_URL'),
            DATABASE_URL: t.url,
            SECRETS_KEY: secretsKey,
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const printed = await run(['--account', accountId, '--limit', '2']);
    expect(printed.code, printed.stderr).to.equal(0);
    const lines = printed.stdout.trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(
      /^2026-12-02 09:00:00 UTC {2}evil\\x1b\]52;c;eA==\\x07@shop\.example {2}Вход \(session\.signed_in\)$/,
    );
    expect(lines[1]).to.equal('2026-12-01 09:00:00 UTC  anna@shop.example  Вход (session.signed_in)');
    expect(lines[2]).to.match(new RegExp(`^older events: pnpm cq audit --account ${accountId} --before \\S+$`));
    expect(printed.stdout).not.to.include('\x1b');
    const older = await run(['--account', accountId, '--limit', '5', '--before', lines[2]!.split(' ').at(-1)!]);
    expect(older.stdout.trim().split('\n')).to.deep.equal([
      '2026-11-30 09:00:00 UTC  operator (CLI, deploy)  Новый адрес вебхука (webhook.rotated)',
      '1 event(s), no older ones',
    ]);
    const refused = await run(['--account', accountId, '--limit', '0']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('--limit must be a whole number from 1 to 200');
  });
});
