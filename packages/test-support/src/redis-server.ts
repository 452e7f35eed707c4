import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/**
 * A private redis-server that a test may stop and restart (Redis outages), with AOF on so a restart
 * keeps what was acknowledged. Needs `redis-server` on PATH and says so when it is missing.
 */
export class PrivateRedisServer {
  private process: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'cb-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (spawnSync('redis-server', ['--version']).error)
      throw new Error('redis-server is not on PATH (apt-get install redis-server)');
    if (!this.port) this.port = await freePort();
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      `redis-server on port ${this.port}`,
      () =>
        spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
          .stdout?.toString()
          .trim() === 'PONG',
      10_000,
      50,
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
