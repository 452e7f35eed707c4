import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compiledAppArguments, sourceAppArguments, type LaunchedApp } from '@carrot-bridge/config';
import { appRuntimeDir } from './test-env';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * How an app's process starts: its TypeScript through tsx in the checkout, or, when CARROT_BRIDGE_APP_DIR
 * names a runtime directory (scripts/build/runtime-dir.sh, what the image holds), its compiled bundle
 * there as production starts it, with only that directory's node_modules. One variable, so a whole suite
 * (e2e, fault) runs against the build. `cq` is the console's `pnpm cq`.
 */
export function appCommand(name: AppName, entry: 'main' | 'cq' = 'main'): { args: string[]; cwd: string } {
  const runtimeDir = appRuntimeDir();
  if (runtimeDir) return { args: compiledAppArguments(name, entry), cwd: runtimeDir };
  return { args: sourceAppArguments(name, entry), cwd: repoRoot };
}

export type AppName = LaunchedApp;

/** The variables that put each app's HTTP server (the one answering /readyz) on an address. */
export const APP_LISTEN_ENV: Record<AppName, { port: string; host: string }> = {
  console: { port: 'CONSOLE_PORT', host: 'CONSOLE_HOST' },
  ingress: { port: 'INGRESS_PORT', host: 'INGRESS_HOST' },
  worker: { port: 'METRICS_PORT', host: 'METRICS_HOST' },
};

/** One of our apps as a real child process (`node --import tsx apps/<name>/src/main.ts`, or compiled: appCommand). */
export class AppProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exitCode: number | null = null;

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    const { args, cwd } = appCommand(this.name);
    this.child = spawn(process.execPath, args, {
      cwd,
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

  /** Where its /readyz answers: the port and host its environment gives it (APP_LISTEN_ENV). */
  get url(): string {
    const { port, host } = APP_LISTEN_ENV[this.name];
    const value = this.env[port];
    if (!value || value === '0') throw new Error(`${this.name} has no fixed ${port}, so no address to reach it at`);
    return `http://${this.env[host] ?? '127.0.0.1'}:${value}`;
  }

  /**
   * Until /readyz answers 200, or a line of the log matches `logLine`. An app that exits first fails at
   * once with its log, as does one not ready after `timeoutMs`.
   */
  async waitReady(logLine?: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ready = async () =>
      logLine
        ? logLine.test(this.log())
        : await fetch(`${this.url}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          );
    while (!(await ready())) {
      if (this.exitCode !== null || this.child?.signalCode)
        throw new Error(
          `${this.name} exited (${this.exitCode ?? this.child?.signalCode}) before it was ready\n--- ${this.name}\n${this.log()}`,
        );
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs} ms\n--- ${this.name}\n${this.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
