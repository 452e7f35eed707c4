// One app of `pnpm start`, restarted when it crashes: a crash of one app must not take the others
// (or the servers) down. Restarts back off (1 s doubling to 30 s) so a crash loop does not spin, and
// the back-off resets once the app has stayed up for a while. Only stop() ends it for good.
import type { ChildProcess } from 'node:child_process';

export interface SupervisedAppOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An app up this long counts as healthy again: its next crash restarts after baseDelayMs. */
  stableAfterMs?: number;
}

export class SupervisedApp {
  private child: ChildProcess | undefined;
  private stopping = false;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private resolveStopped!: (code: number | null) => void;
  /** The exit code of the last run, once the app was stopped (and has exited). */
  readonly stopped = new Promise<number | null>((resolve) => (this.resolveStopped = resolve));

  constructor(
    readonly name: string,
    private readonly spawnApp: () => ChildProcess,
    private readonly say: (message: string) => void,
    private readonly options: SupervisedAppOptions = {},
  ) {}

  start(): void {
    const startedAt = Date.now();
    const child = this.spawnApp();
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.stopping) return this.resolveStopped(code);
      if (Date.now() - startedAt >= (this.options.stableAfterMs ?? 30_000)) this.consecutiveCrashes = 0;
      const delay = Math.min(
        (this.options.baseDelayMs ?? 1_000) * 2 ** this.consecutiveCrashes,
        this.options.maxDelayMs ?? 30_000,
      );
      this.consecutiveCrashes += 1;
      this.say(
        `${this.name} exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 100) / 10} s (crash ${this.consecutiveCrashes} in a row)`,
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.start();
      }, delay);
    });
  }

  /** Whether a restart is scheduled. Never after stop(): a stopped app's exit schedules none. */
  get restartPending(): boolean {
    return this.restartTimer !== undefined;
  }

  /** SIGTERM (graceful: in-flight work is finished) and no restart. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return this.resolveStopped(child?.exitCode ?? 0);
    child.kill('SIGTERM');
  }
}
