// A console on a random port over a scratch database, real Redis and the fake CarrotQuest.
import { BackfillService } from '../src/backfill/backfill.service';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  BackfillScheduler,
  ChatImportProducer,
  createRedisConnection,
  QueueInspector,
  redisReady,
} from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { SecretBox } from '@carrot-bridge/secrets';
import { createTestDatabase, listenOnLoopback, requireEnv, type TestDatabase } from '@carrot-bridge/test-support';
import { AuditLog } from '../src/audit/audit-log';
import { createConsoleApp, type ConsoleDeps } from '../src/create-console-app';
import { IntegrationService } from '../src/integrations/integration.service';

export const USER = 'admin';
export const PASSWORD = 'correct-horse-battery';
export const AUTH = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };

export class ConsoleHarness {
  t!: TestDatabase;
  private stopServer: (() => Promise<void>) | undefined;
  base = '';
  readonly fake = new FakeCarrotQuest();
  readonly redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  readonly prefix = `t-${randomUUID().slice(0, 8)}`;
  readonly producer = new ChatImportProducer(this.redis, { prefix: this.prefix });
  readonly backfillScheduler = new BackfillScheduler(this.redis, { prefix: this.prefix });
  readonly queues = new QueueInspector(this.redis, { prefix: this.prefix });
  /** The SECRETS_KEY a CLI process spawned by a test needs to read what this console wrote. */
  readonly secretsKey = randomBytes(32).toString('base64');
  readonly directory = new WebhookDirectory(
    this.redis,
    this.prefix,
    WebhookDirectoryDigests.fromSecretsKey(this.secretsKey),
  );
  readonly secretBox = new SecretBox(this.secretsKey);
  readonly log = createMemoryLogger('console-test');
  backfill!: BackfillService;
  audit!: AuditLog;
  readonly deliveries = new DeliveryLog(this.redis, this.prefix);

  /** `extra`: optional parts of the console a test needs (the cabinet's sign-in, CONSOLE_PUBLIC_URL). */
  async start(label: string, extra: Partial<ConsoleDeps> = {}): Promise<void> {
    await redisReady(this.redis);
    // As the console's start-up sync does: an empty, complete directory.
    await this.directory.replaceAll(new Map());
    this.t = await createTestDatabase(label);
    await this.fake.start();
    this.audit = new AuditLog(this.t.db, this.log.logger);
    const integrations = new IntegrationService({
      db: this.t.db,
      audit: this.audit,
      secretBox: this.secretBox,
      directory: this.directory,
      producer: this.producer,
      queues: this.queues,
      publicBaseUrl: 'https://hooks.example.com',
      carrotQuestBaseUrl: this.fake.baseUrl,
      carrotQuestTimeoutMs: 2_000,
    });
    this.backfill = new BackfillService({
      db: this.t.db,
      scheduler: this.backfillScheduler,
      integrations: integrations.keys,
      audit: this.audit,
    });
    const app = createConsoleApp({
      db: this.t.db,
      queues: [this.producer.queue],
      logger: this.log.logger,
      user: USER,
      password: PASSWORD,
      pingRedis: () => this.producer.ping(),
      integrations,
      backfill: this.backfill,
      deliveries: this.deliveries,
      ...extra,
    });
    const listening = await listenOnLoopback(app, 'the console');
    this.stopServer = listening.stop;
    this.base = `http://127.0.0.1:${listening.port}`;
  }

  async stop(): Promise<void> {
    await this.stopServer?.();
    for (const key of await this.redis.keys(`${this.prefix}:*`)) await this.redis.del(key);
    await this.producer.close();
    await this.backfillScheduler.close();
    await this.queues.close();
    this.redis.disconnect();
    await this.fake.stop();
    await this.t?.drop();
  }

  /** JSON API call with credentials; returns status and parsed body. */
  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(`${this.base}/api${path}`, {
      method,
      headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
}
