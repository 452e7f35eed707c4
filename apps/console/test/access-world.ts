// Two accounts, A and B, each with an integration, a chat, a visitor session, a CarrotQuest operator, a
// catalog and an API token, and people of A with each role, behind a console with every optional part:
// what the access tests (access-control.test.ts, api-tokens.test.ts) walk the route table against.
import { randomBytes, randomUUID } from 'node:crypto';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { Role } from '@carrot-bridge/domain';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  BackfillScheduler,
  CatalogSyncScheduler,
  ChatExportScheduler,
  ChatImportProducer,
  createRedisConnection,
  QueueInspector,
  redisReady,
} from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import { createTestDatabase, insertIntegration, listenOnLoopback, requireEnv } from '@carrot-bridge/test-support';
import type { TestDatabase } from '@carrot-bridge/test-support';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { AuditLog } from '../src/audit/audit-log';
import { createSession } from '../src/auth/session-store';
import { readRouteTable, type RouteEntry } from '../src/auth/route-table';
import { BackfillService } from '../src/backfill/backfill.service';
import { CabinetService } from '../src/cabinet/cabinet.service';
import { dataApiAccess } from '../src/cabinet/data-api-access';
import { createConsoleApp } from '../src/create-console-app';
import { IntegrationService } from '../src/integrations/integration.service';
import { ApiTokenService } from '../src/tokens/api-token.service';
import { AUTH, PASSWORD, USER } from './console-harness';

/** The ids of one account's things, by the name of the path parameter that takes them. */
export interface AccountIds {
  accountId: string;
  integrationId: string;
  chatId: string;
  externalId: string;
  operatorId: string;
  tokenId: string;
  /** A person of the account (its owner): what `:personId` routes take. */
  personId: string;
  sites: string;
  campaigns: string;
  sources: string;
  employees: string;
  tags: string;
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export class AccessWorld {
  t!: TestDatabase;
  base = '';
  routes: RouteEntry[] = [];
  A!: AccountIds;
  B!: AccountIds;
  /** Cookie headers of A's people, by role. */
  readonly cookieOf = new Map<Role, Record<string, string>>();
  readonly personOf = new Map<Role, string>();
  readonly secretsKey = randomBytes(32).toString('base64');
  readonly secretBox = new SecretBox(this.secretsKey);
  private readonly redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  private readonly prefix = `t-${randomUUID().slice(0, 8)}`;
  private readonly producer = new ChatImportProducer(this.redis, { prefix: this.prefix });
  private readonly queues = new QueueInspector(this.redis, { prefix: this.prefix });
  private readonly backfillScheduler = new BackfillScheduler(this.redis, { prefix: this.prefix });
  private readonly catalogScheduler = new CatalogSyncScheduler(this.redis, { prefix: this.prefix });
  private readonly exportScheduler = new ChatExportScheduler(this.redis, { prefix: this.prefix });
  private stopServer: (() => Promise<void>) | undefined;
  tokens!: ApiTokenService;

  async start(label: string): Promise<void> {
    await redisReady(this.redis);
    this.t = await createTestDatabase(label);
    const db = this.t.db;
    const logger = createMemoryLogger('access').logger;
    const audit = new AuditLog(db, logger);
    const directory = new WebhookDirectory(
      this.redis,
      this.prefix,
      WebhookDirectoryDigests.fromSecretsKey(this.secretsKey),
    );
    await directory.replaceAll(new Map());
    const integrations = new IntegrationService({
      db,
      audit,
      secretBox: this.secretBox,
      directory,
      producer: this.producer,
      queues: this.queues,
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: 'http://127.0.0.1:9',
      carrotQuestTimeoutMs: 500,
    });
    const app = createConsoleApp({
      db,
      queues: [this.producer.queue],
      logger,
      user: USER,
      password: PASSWORD,
      pingRedis: () => this.producer.ping(),
      integrations,
      backfill: new BackfillService({ db, scheduler: this.backfillScheduler, integrations: integrations.keys, audit }),
      cabinet: new CabinetService({
        db,
        secretBox: this.secretBox,
        dataApi: dataApiAccess({ comagic: 'http://127.0.0.1:9', uis: 'http://127.0.0.1:9' }, 500),
        scheduler: this.catalogScheduler,
        audit,
      }),
      deliveries: new DeliveryLog(this.redis, this.prefix),
      secretsKey: this.secretsKey,
      personalData: {
        deliveries: new DeliveryLog(this.redis, this.prefix),
        compaction: { requestCompaction: async () => {} },
      },
      jobs: { inspector: this.queues, producer: this.producer, exportScheduler: this.exportScheduler },
    });
    this.routes = readRouteTable(app).routes;
    this.tokens = new ApiTokenService({ db, secretsKey: this.secretsKey, audit });
    const listening = await listenOnLoopback(app, 'the console');
    this.stopServer = listening.stop;
    this.base = `http://127.0.0.1:${listening.port}`;
    this.A = await this.seedAccount('A');
    this.B = await this.seedAccount('B');
    for (const role of ['viewer', 'editor', 'owner'] as const) {
      const personId =
        role === 'owner' ? this.A.personId : await this.person(`${role}@a.example`, this.A.accountId, role);
      const { token } = await createSession(db, { personId, method: 'password' });
      this.cookieOf.set(role, { cookie: `cb_session=${token}` });
      this.personOf.set(role, personId);
    }
  }

  async stop(): Promise<void> {
    await this.stopServer?.();
    for (const key of await this.redis.keys(`${this.prefix}:*`)) await this.redis.del(key);
    await this.producer.close();
    await this.queues.close();
    await this.backfillScheduler.close();
    await this.catalogScheduler.close();
    await this.exportScheduler.close();
    this.redis.disconnect();
    await this.t?.drop();
  }

  async person(email: string, accountId: string, role: Role): Promise<string> {
    const person = await this.t.db.person.create({ data: { email } });
    await this.t.db.membership.create({ data: { personId: person.id, accountId, role } });
    return person.id;
  }

  private async seedAccount(name: string): Promise<AccountIds> {
    const db = this.t.db;
    const fx = await insertIntegration(db, this.secretBox, `key-${name}`, name);
    const chat = await db.chat.create({
      data: {
        accountId: fx.accountId,
        integrationId: fx.integrationId,
        conversationId: `conv-${name}`,
        carrotUserId: '1',
        channel: 'widget',
        startedAt: new Date('2026-03-01T08:00:00Z'),
        attributionKind: 'default',
      },
    });
    const externalId = `session-${name}`;
    const upload = await this.api(AUTH, 'POST', `/accounts/${fx.accountId}/visitor-sessions/bulk`, {
      sessions: [{ externalId, siteId: fx.siteId, startedAt: '2026-03-01T07:59:00Z' }],
    });
    if (upload.status !== 200) throw new Error(`seeding sessions: ${upload.status}`);
    const operator = await db.carrotQuestOperator.create({
      data: { accountId: fx.accountId, integrationId: fx.integrationId, carrotAdminId: '7', name: 'Оператор' },
    });
    const campaign = await db.campaign.findFirstOrThrow({ where: { accountId: fx.accountId } });
    const owner = await this.person(`owner@${name.toLowerCase()}.example`, fx.accountId, 'owner');
    const token = await this.tokens.create(
      fx.accountId,
      { name: `seed ${name}`, scopes: ['chats:read'] },
      { actor: { kind: 'operator', id: null, label: 'operator' } },
    );
    return {
      accountId: fx.accountId,
      integrationId: fx.integrationId,
      chatId: chat.id,
      externalId,
      operatorId: operator.id,
      tokenId: token.id,
      personId: owner,
      sites: fx.siteId,
      campaigns: campaign.id,
      sources: fx.sourceId,
      employees: fx.employeeId,
      tags: fx.tagId ?? randomUUID(),
    };
  }

  /**
   * A concrete path of a route pattern: each `:param` filled from `ids` (`:id` by the catalog kind before
   * it), or a random UUID for one the world has no thing for.
   */
  pathOf(pattern: string, ids: AccountIds, accountId = ids.accountId): string {
    const parts = pattern.split('/');
    return parts
      .map((part, index) => {
        if (!part.startsWith(':')) return part;
        const name = part.slice(1);
        if (name === 'accountId') return accountId;
        const key = (name === 'id' ? parts[index - 1] : name) as keyof AccountIds;
        return ids[key] ?? randomUUID();
      })
      .join('/');
  }

  /** The account routes of the table (each with a concrete method: `*` is not one). */
  accountRoutes(): RouteEntry[] {
    return this.routes.filter((route) => route.policy?.kind === 'account' && route.method !== '*');
  }

  async api(headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<Answer> {
    const withBody = body !== undefined || !['GET', 'HEAD', 'DELETE'].includes(method);
    const response = await fetch(`${this.base}${path.startsWith('/api') ? '' : '/api'}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      ...(withBody ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // CSV and pages stay text.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}
