// The freshness bench's system: private Redis and PostgreSQL, the fake CarrotQuest in this process,
// ingress and one worker as child processes, and several integrations (one account each), as the
// product runs them. Unlike the pipeline bench, the ingress keeps its default per-key rate limits: the
// accounts here behave as real ones would, and the burst meets the limit a real burst meets.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  freePort,
  insertIntegration,
  PrivatePostgresServer,
  PrivateRedisServer,
  waitFor,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { loadWorkerConfig, type WorkerConfig } from '../../apps/worker/src/config';
import { appArguments, type BenchApp } from './app-command';
import { rssMb } from './process-rss';

export interface BenchAccount {
  /** The CarrotQuest app's API key (the fake's app of this account). */
  apiKey: string;
  fixture: IntegrationFixture;
  webhookUrl: string;
}

export const QUEUE_PREFIX = 'fresh';

export class FreshnessStack {
  readonly fake = new FakeCarrotQuest();
  readonly redis = new PrivateRedisServer();
  private readonly postgres = new PrivatePostgresServer();
  private readonly secretsKey = randomBytes(32).toString('base64');
  private readonly children: ChildProcess[] = [];
  worker: ChildProcess | undefined;
  ingress: ChildProcess | undefined;
  t!: TestDatabase;
  workerConfig!: WorkerConfig;

  /** Starts everything with `names.length` integrations, one account each; answers them in that order. */
  async start(names: readonly string[]): Promise<BenchAccount[]> {
    await Promise.all([this.redis.start(), this.postgres.init(), this.fake.start()]);
    this.t = await createTestDatabase('freshness', this.postgres.adminUrl);
    const box = new SecretBox(this.secretsKey);
    const accounts: Array<Omit<BenchAccount, 'webhookUrl'>> = [];
    for (const name of names) {
      const apiKey = `app.bench.${randomBytes(8).toString('hex')}`;
      this.fake.addApp(apiKey);
      accounts.push({ apiKey, fixture: await insertIntegration(this.t.db, box, apiKey, name) });
    }
    // What the console publishes from PostgreSQL; no console runs here, so the bench publishes it.
    const redis = createRedisConnection(this.redis.url, 'producer');
    await redisReady(redis);
    await new WebhookDirectory(redis, QUEUE_PREFIX, WebhookDirectoryDigests.fromSecretsKey(this.secretsKey)).replaceAll(
      new Map(
        accounts.map(({ fixture }) => [
          fixture.webhookKeyHash,
          { integrationId: fixture.integrationId, accountId: fixture.accountId, active: true, tokenHash: null },
        ]),
      ),
    );
    redis.disconnect();

    const ingressPort = await freePort();
    const common = {
      PATH: process.env.PATH ?? '',
      REDIS_URL: this.redis.url,
      DATABASE_URL: this.t.url,
      SECRETS_KEY: this.secretsKey,
      QUEUE_PREFIX,
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    };
    this.ingress = this.spawn('ingress', {
      ...common,
      INGRESS_METRICS_PORT: '0',
      INGRESS_PORT: String(ingressPort),
      INGRESS_HOST: '127.0.0.1',
    });
    const workerEnv = {
      ...common,
      METRICS_PORT: '0',
      // The fake CarrotQuest listens on loopback, which the production address guard refuses.
      ALLOW_API_BASE_URL_OVERRIDE: 'true',
      CARROTQUEST_API_BASE_URL: this.fake.baseUrl,
      // The hourly catch-up would list every account's conversations on start: not what a row measures.
      CATCH_UP_INTERVAL_MS: '0',
    };
    // Read as the worker reads it, so the report states the settings that ran (defaults included).
    this.workerConfig = loadWorkerConfig(workerEnv);
    this.worker = this.spawn('worker', workerEnv);
    const ingressUrl = `http://127.0.0.1:${ingressPort}`;
    await waitFor(
      'ingress',
      async () =>
        await fetch(`${ingressUrl}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
      200,
    );
    return accounts.map((a) => ({ ...a, webhookUrl: `${ingressUrl}/webhooks/carrotquest/${a.fixture.webhookKey}` }));
  }

  workerRssMb(): number | null {
    return rssMb(this.worker?.pid);
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill('SIGTERM');
    await this.fake.stop();
    await this.t?.drop();
    await Promise.all([this.redis.stop(), this.postgres.destroy()]);
  }

  private spawn(app: BenchApp, env: Record<string, string>): ChildProcess {
    // BENCH_WORKER_LOG=<file>: the worker logs at info level (every job, with its duration) into that file.
    const log =
      app === 'worker' && process.env.BENCH_WORKER_LOG ? openSync(process.env.BENCH_WORKER_LOG, 'a') : 'ignore';
    const child = spawn(process.execPath, appArguments(app), {
      env: log === 'ignore' ? env : { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', log, 'inherit'],
    });
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') console.error(`bench: the ${app} exited (${code ?? signal})`);
    });
    this.children.push(child);
    return child;
  }
}
