// `pnpm start`: applies migrations, then runs console, ingress and worker together with prefixed logs.
// Ctrl-C (or SIGTERM) is passed to each app, which stops gracefully; this script exits when all have.
// Needs DATABASE_URL, REDIS_URL and SECRETS_KEY (see .env.example); nothing is installed or started
// behind your back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const missing = ['DATABASE_URL', 'REDIS_URL', 'SECRETS_KEY'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`start: set ${missing.join(', ')} first (see .env.example; SECRETS_KEY: openssl rand -base64 32)`);
  process.exit(1);
}

const migrate = spawnSync('pnpm', ['exec', 'prisma', 'migrate', 'deploy'], { stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const colours = { console: 35, ingress: 36, worker: 33 } as const;
const children: ChildProcess[] = [];
for (const name of Object.keys(colours) as Array<keyof typeof colours>) {
  const child = spawn(process.execPath, ['--import', 'tsx', `apps/${name}/src/main.ts`], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = `\x1b[${colours[name]}m${name.padEnd(7)}\x1b[0m | `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) stop('a process exited');
  });
  children.push(child);
}

let stopping = false;
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`start: stopping all (${reason})`);
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
await Promise.all(children.map((child) => (child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)))));
process.exit(children.every((child) => child.exitCode === 0) ? 0 : 1);
