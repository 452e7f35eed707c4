import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './dot-env';

type Env = Record<string, string | undefined>;

/** A variable's value, blank counted as unset (as loadConfig does: `FOO=` in .env means "not configured"). */
const set = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * Where the parts of a one-machine stack are, as `pnpm start` runs it: one place, so that `pnpm start`
 * prints, `pnpm cq` and `pnpm demo` find, and the console's webhook URLs name the same addresses.
 */
export function localStack(env: Env) {
  const dataDir = resolve(REPO_ROOT, set(env.CARROT_BRIDGE_DATA_DIR) ?? '.data');
  const postgresPort = Number(set(env.EMBEDDED_PG_PORT) ?? 54329);
  const redisPort = Number(set(env.LOCAL_REDIS_PORT) ?? 63790);
  return {
    dataDir,
    postgresPort,
    redisPort,
    /** The embedded server's fixed local superuser (loopback only); the database pnpm start creates. */
    databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${postgresPort}/carrot_bridge`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    secretsKeyFile: join(dataDir, 'secrets-key'),
    consoleUrl: `http://localhost:${set(env.CONSOLE_PORT) ?? 3000}`,
    publicBaseUrl: defaultPublicBaseUrl(env),
  };
}

/** PUBLIC_BASE_URL, or the ingress on this machine at INGRESS_PORT: webhook URLs follow the port. */
export function defaultPublicBaseUrl(env: Env): string {
  return set(env.PUBLIC_BASE_URL) ?? `http://localhost:${set(env.INGRESS_PORT) ?? 3001}`;
}

/**
 * For a command run beside `pnpm start` (pnpm cq): the environment with whatever is unset taken from
 * the local stack — its PostgreSQL and Redis addresses and the development key pnpm start keeps in
 * .data. Says which variables it filled, so an error about them can name where they came from.
 */
export function withLocalStack(env: Env): { env: Env; filled: string[] } {
  const stack = localStack(env);
  const filled: string[] = [];
  const result: Env = { ...env };
  const fill = (name: string, value: string | undefined) => {
    if (set(result[name]) || value === undefined) return;
    result[name] = value;
    filled.push(name);
  };
  fill('DATABASE_URL', stack.databaseUrl);
  fill('REDIS_URL', stack.redisUrl);
  fill('SECRETS_KEY', existsSync(stack.secretsKeyFile) ? readFileSync(stack.secretsKeyFile, 'utf8').trim() : undefined);
  fill('PUBLIC_BASE_URL', stack.publicBaseUrl);
  return { env: result, filled };
}
