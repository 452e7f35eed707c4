// The pipeline benchmark: N webhooks through ingress -> Redis -> worker -> PostgreSQL with the fake
// CarrotQuest answering at a given latency, next to a bare upsert loop writing the same rows.
// Servers are private (redis-server and PostgreSQL from PATH / Debian), apps are child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { buildResolvedWebhookBody, FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { appArguments } from './app-command';
import { chatLatency } from './chat-latency';
export type { PipelineFigures } from './pipeline-figures';
import { CpuAccounting } from './cpu-accounting';
import { bareWrite, scenario, upsertLoops } from './pipeline-chats';
import type { PipelineFigures } from './pipeline-figures';
import { rssMb } from './process-rss';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  FormPoster,
  freePort,
  insertIntegration,
  PrivatePostgresServer,
  PrivateRedisServer,
  waitFor,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';

const SENDERS = 50;
const API_KEY = `app.bench.${randomBytes(8).toString('hex')}`;

export class PipelineBench {
  private readonly redis = new PrivateRedisServer();
  private readonly postgres = new PrivatePostgresServer();
  private readonly fake = new FakeCarrotQuest();
  private readonly secretsKey = randomBytes(32).toString('base64');
  private readonly poster = new FormPoster(SENDERS);
  private readonly children: ChildProcess[] = [];
  private ingress: ChildProcess | undefined;
  private readonly cpu = new CpuAccounting();
  private workers: ChildProcess[] = [];
  private workerEnv: Record<string, string> = {};
  private t!: TestDatabase;
  private fixture!: IntegrationFixture;
  private ingressUrl = '';
  /** Conversation numbers already used: each run imports new chats into a database that keeps growing. */
  private next = 0;

  async start(): Promise<void> {
    await Promise.all([this.redis.start(), this.postgres.init(), this.fake.start()]);
    this.fake.addApp(API_KEY);
    this.t = await createTestDatabase('bench', this.postgres.adminUrl);
    this.fixture = await insertIntegration(this.t.db, new SecretBox(this.secretsKey), API_KEY, 'Bench');
    const prefix = 'bench';
    const redis = createRedisConnection(this.redis.url, 'producer');
    await redisReady(redis);
    await new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(this.secretsKey)).replaceAll(
      new Map([
        [
          this.fixture.webhookKeyHash,
          {
            integrationId: this.fixture.integrationId,
            accountId: this.fixture.accountId,
            active: true,
            tokenHash: null,
          },
        ],
      ]),
    );
    redis.disconnect();

    const ingressPort = await freePort();
    const common = {
      PATH: process.env.PATH ?? '',
      REDIS_URL: this.redis.url,
      DATABASE_URL: this.t.url,
      SECRETS_KEY: this.secretsKey,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    };
    this.ingress = this.spawn('ingress', {
      ...common,
      INGRESS_METRICS_PORT: '0',
      INGRESS_PORT: String(ingressPort),
      INGRESS_HOST: '127.0.0.1',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    });
    // The fake CarrotQuest listens on loopback, which the production address guard refuses.
    this.workerEnv = {
      ...common,
      METRICS_PORT: '0',
      ALLOW_API_BASE_URL_OVERRIDE: 'true',
      CARROTQUEST_API_BASE_URL: this.fake.baseUrl,
      // One integration carries every chat here: its share cap (default 4 calls in flight) would measure
      // one account's share, not the pipeline; the share is what the freshness section measures.
      CARROTQUEST_CALLS_PER_INTEGRATION: '1000',
      ...workerTuning(),
    };
    await this.setWorkerProcesses(1);
    this.ingressUrl = `http://127.0.0.1:${ingressPort}`;
    await waitFor(
      'ingress',
      async () =>
        await fetch(`${this.ingressUrl}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
      200,
    );
  }

  /** Worker processes for the next runs (each one BullMQ worker with the default settings), as WORKER_PROCESSES starts them. */
  async setWorkerProcesses(count: number): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise((resolve) =>
            w.exitCode !== null ? resolve(null) : (w.once('exit', resolve), w.kill('SIGTERM')),
          ),
      ),
    );
    this.workers = Array.from({ length: count }, () => this.spawn('worker', this.workerEnv));
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill('SIGTERM');
    this.poster.close();
    await this.fake.stop();
    await this.t?.drop();
    await Promise.all([this.redis.stop(), this.postgres.destroy()]);
  }

  /** Sends `n` new conversations' webhooks as fast as ingress takes them and waits for every chat. */
  async run(label: string, n: number, apiLatencyMs: number): Promise<PipelineFigures> {
    this.fake.setLatency(apiLatencyMs);
    const first = this.next;
    this.next += n;
    for (let i = first; i < first + n; i += 1) this.fake.addChat(API_KEY, scenario(i));
    const url = `${this.ingressUrl}/webhooks/carrotquest/${this.fixture.webhookKey}`;

    let peakRss = 0;
    this.cpu.start();
    const sampler = setInterval(
      () => (peakRss = Math.max(peakRss, ...this.workers.map((w) => rssMb(w.pid) ?? 0))),
      250,
    );
    let cursor = first;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (cursor < first + n) {
        const i = cursor++;
        const { conversationId, userId } = scenario(i);
        const status = await this.poster.post(
          url,
          buildResolvedWebhookBody({ eventId: String(1_000_000_000 + i), conversationId, userId }),
        );
        if (status !== '200') throw new Error(`ingress answered ${status} to webhook ${i}`);
      }
    });
    await Promise.all(senders);
    const range = { gte: String(10_000_000 + first), lt: String(10_000_000 + first + n) };
    await waitFor(
      `${n} chats`,
      async () => (await this.t.db.chat.count({ where: { conversationId: range } })) >= n,
      3_600_000,
      250,
    );
    clearInterval(sampler);
    const cpuMsPerChat = this.cpuPerChat(n);
    for (let i = first; i < first + n; i += 1) this.fake.removeConversation(API_KEY, String(10_000_000 + i));

    const latency = await chatLatency(this.t.db, { from: 10_000_000 + first, to: 10_000_000 + first + n });
    return {
      label,
      n,
      chatsPerSecond: n / ((latency.lastCommitted!.getTime() - latency.firstReceived!.getTime()) / 1000),
      p50Ms: latency.p50Ms,
      p99Ms: latency.p99Ms,
      workerRssMb: Math.round(peakRss),
      workers: this.workers.length,
      cpuMsPerChat,
    };
  }

  /**
   * The database's ceilings, no Redis, no HTTP, through the worker's own write path (node-postgres,
   * upsertChats): `perStatement` 1 is the bare single-row upsert loop (`SENDERS` parallel loops, one
   * chat per statement and commit); more is the batched bare upsert (`loops` loops of that many chats
   * per statement: what grouping writes can reach at best).
   */
  async bareUpsert(n: number, perStatement: number, loops: number): Promise<PipelineFigures> {
    const first = this.next;
    this.next += n;
    const writes = Array.from({ length: n }, (_, k) => bareWrite(this.fixture, first + k));
    const started = Date.now();
    this.cpu.start();
    await upsertLoops(this.t.sql, writes, perStatement, loops);
    const label =
      perStatement === 1
        ? `bare single-row upsert loop, ${loops} loops (baseline)`
        : `batched bare upsert, ${perStatement} chats a statement, ${loops} loops (ceiling)`;
    return {
      label,
      n,
      chatsPerSecond: n / ((Date.now() - started) / 1000),
      p50Ms: 0,
      p99Ms: 0,
      workerRssMb: null,
      workers: null,
      cpuMsPerChat: this.cpuPerChat(n),
    };
  }

  private cpuPerChat(n: number): Record<string, number> {
    const seconds = this.cpu.stop({
      worker: this.workers.map((w) => w.pid),
      ingress: [this.ingress?.pid],
      bench: [process.pid],
    });
    return Object.fromEntries(
      Object.entries(seconds).map(([role, s]) => [role, Math.round((s * 1000 * 100) / n) / 100]),
    );
  }

  private spawn(app: 'ingress' | 'worker', env: Record<string, string>): ChildProcess {
    // BENCH_WORKER_NODE_OPTIONS=--cpu-prof profiles the worker (the profile is written when it stops).
    const extra =
      app === 'worker' && process.env.BENCH_WORKER_NODE_OPTIONS ? process.env.BENCH_WORKER_NODE_OPTIONS.split(' ') : [];
    // BENCH_WORKER_LOG=<file>: the worker logs at info level (every job, with its duration) into that file.
    const log =
      app === 'worker' && process.env.BENCH_WORKER_LOG ? openSync(process.env.BENCH_WORKER_LOG, 'a') : 'ignore';
    const child = spawn(process.execPath, appArguments(app, extra), {
      env: log === 'ignore' ? env : { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', log, 'inherit'],
    });
    this.children.push(child);
    return child;
  }
}

/** Worker settings under test; overridable so a profile can compare them. */
function workerTuning(): Record<string, string> {
  const tuning: Record<string, string> = {};
  for (const name of ['WORKER_CONCURRENCY', 'DB_POOL_SIZE'] as const)
    if (process.env[name]) tuning[name] = process.env[name]!;
  return tuning;
}
