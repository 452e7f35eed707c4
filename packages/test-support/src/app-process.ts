import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** One of our apps as a real child process (`node --import tsx apps/<name>/src/main.ts`). */
export class AppProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exitCode: number | null = null;

  constructor(
    readonly name: 'ingress' | 'worker' | 'console',
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.child = spawn(process.execPath, ['--import', 'tsx', `apps/${this.name}/src/main.ts`], {
      cwd: repoRoot,
      // Only what the test gives: an app must start from its own configuration, nothing inherited.
      env: { NODE_ENV: 'test', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  /** SIGTERM, then the exit code (graceful shutdown exits 0). */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    const child = this.child;
    // A killed child has no exit code but a signal; it is gone all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL: no shutdown hook runs, in-flight work is abandoned as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  log(): string {
    return this.output.join('');
  }
}
