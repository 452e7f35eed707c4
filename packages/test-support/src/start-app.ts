import { APP_LISTEN_ENV, AppProcess, type AppName } from './app-process';
import { freePort } from './free-port';

export interface StartAppOptions {
  /**
   * When the app counts as started: its /readyz answering 200 (the default), a line of its log
   * matching, or `false` for not waiting at all (a test that waits for the app's effect instead).
   */
  ready?: 'readyz' | RegExp | false;
  timeoutMs?: number;
}

export interface AppSpec {
  name: AppName;
  env: Record<string, string>;
  options?: StartAppOptions;
}

/**
 * The one launcher of our apps in tests: a real process (AppProcess) on loopback, on a free port
 * unless `env` names one, the ingress's own metrics server on an ephemeral port unless `env` names
 * one (its fixed default would collide between suites), waited for as `options.ready` says. An app
 * that does not become ready is stopped before the error (with its log) is thrown, so no test leaves
 * a process behind.
 */
export async function startApp(name: AppName, env: Record<string, string>, options: StartAppOptions = {}) {
  const [started] = await startApps([{ name, env, options }]);
  return started!;
}

/** startApp for several apps at once, started together; if one is not ready, all are stopped. */
export async function startApps(specs: readonly AppSpec[]): Promise<AppProcess[]> {
  const apps: AppProcess[] = [];
  for (const { name, env } of specs) {
    const { port, host } = APP_LISTEN_ENV[name];
    apps.push(
      new AppProcess(name, {
        [host]: '127.0.0.1',
        ...(name === 'ingress' ? { INGRESS_METRICS_PORT: '0' } : {}),
        ...env,
        [port]: env[port] ?? String(await freePort()),
      }),
    );
  }
  for (const app of apps) app.start();
  const waits = await Promise.allSettled(
    apps.map((app, i) => {
      const { ready = 'readyz', timeoutMs } = specs[i]!.options ?? {};
      if (ready === false) return Promise.resolve();
      return app.waitReady(ready === 'readyz' ? undefined : ready, timeoutMs);
    }),
  );
  const failures = waits.flatMap((w) =>
    w.status === 'rejected' ? [w.reason instanceof Error ? w.reason.message : String(w.reason)] : [],
  );
  if (failures.length > 0) {
    await Promise.all(apps.map((app) => app.stop()));
    throw new Error(failures.join('\n'));
  }
  return apps;
}

export interface ProductEnv {
  /** What every app gets: REDIS_URL, DATABASE_URL, SECRETS_KEY, QUEUE_PREFIX and the like. */
  common: Record<string, string>;
  console?: Record<string, string>;
  ingress?: Record<string, string>;
  worker?: Record<string, string>;
}

/**
 * Console, ingress and worker wired as in production (startApps): the console's webhook addresses
 * point at this ingress (PUBLIC_BASE_URL) unless `env.console` says otherwise; all three ready.
 */
export async function startProduct(env: ProductEnv) {
  const ingressPort = env.ingress?.[APP_LISTEN_ENV.ingress.port] ?? String(await freePort());
  const [consoleApp, ingress, worker] = (await startApps([
    {
      name: 'console',
      env: { ...env.common, PUBLIC_BASE_URL: `http://127.0.0.1:${ingressPort}`, ...env.console },
    },
    { name: 'ingress', env: { ...env.common, ...env.ingress, [APP_LISTEN_ENV.ingress.port]: ingressPort } },
    { name: 'worker', env: { ...env.common, ...env.worker } },
  ])) as [AppProcess, AppProcess, AppProcess];
  return { console: consoleApp, ingress, worker, apps: [consoleApp, ingress, worker] };
}
