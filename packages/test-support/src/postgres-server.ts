import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

function pgBin(name: string): string {
  const roots = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of roots) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`PostgreSQL's ${name} not found under /usr/lib/postgresql (apt-get install postgresql)`);
}

/** initdb and the server refuse to run as root; as root, run them as the `postgres` system user. */
function runPg(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  execFileSync(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A private PostgreSQL cluster that a test may stop and start again (database outages), from the
 * Debian binaries. Separate from the shared test server so stopping it disturbs no other suite.
 */
export class PrivatePostgresServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'cb-pg-'));
  port = 0;
  private running = false;

  get adminUrl(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    this.port = await freePort();
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o755);
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      chownSync(this.dir, uid, uid);
    }
    runPg([
      pgBin('initdb'),
      '-D',
      join(this.dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    await this.start();
  }

  async start(): Promise<void> {
    runPg([
      pgBin('pg_ctl'),
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
    this.running = true;
  }

  /** A fast shutdown: open connections are cut, new ones refused, as in a real outage. */
  async stop(): Promise<void> {
    if (!this.running) return;
    runPg([pgBin('pg_ctl'), '-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
