/**
 * Stops a process gracefully on SIGTERM / SIGINT, once: `stop` finishes in-flight work and closes
 * connections; if it has not exited the process within `forceAfterMs`, `onForced` is told and the
 * process exits 1 (a stop must never hang a deploy).
 */
export function shutdownOnSignal(
  stop: (signal: string) => void | Promise<void>,
  forceAfterMs: number,
  onForced: () => void,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      onForced();
      process.exit(1);
    }, forceAfterMs).unref();
    void stop(signal);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
