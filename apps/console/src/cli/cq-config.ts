// The configuration of `pnpm cq`, read once at its start: where it finds its servers — the environment, then `.env`, then — for whatever is still unset —
// the local stack of `pnpm start` (its PostgreSQL and Redis ports and the development key in .data), so
// `pnpm cq` next to a running `pnpm start` needs no setting at all.
import { loadDotEnv, localStack, withLocalStack } from '@carrot-bridge/config';

export interface CqEnvironment {
  env: Record<string, string | undefined>;
  /** The error to print when a server cannot be reached, saying where its address came from. */
  unreachable(server: 'PostgreSQL' | 'Redis', url: string, error: Error): string;
}

/** The environment for `pnpm cq`; exits (1) saying what to do when there is no key to decrypt with. */
export function cqEnvironment(processEnv: Record<string, string | undefined> = process.env): CqEnvironment {
  loadDotEnv();
  const { env, filled } = withLocalStack(processEnv);
  if (!env.SECRETS_KEY?.trim()) {
    console.error(
      `cq: SECRETS_KEY is not set and there is no ${localStack(processEnv).secretsKeyFile} (pnpm start makes it on its first run). ` +
        'Run `pnpm start` first, or set DATABASE_URL, REDIS_URL and SECRETS_KEY of the installation to manage (the environment or .env).',
    );
    process.exit(1);
  }
  const variableOf = { PostgreSQL: 'DATABASE_URL', Redis: 'REDIS_URL' } as const;
  return {
    env,
    unreachable(server, url, error) {
      const address = new URL(url).host;
      return filled.includes(variableOf[server])
        ? `${server} at ${address} is not reachable: ${error.message}. That is the local stack of \`pnpm start\` (${variableOf[server]} is not set): is \`pnpm start\` running?`
        : `${server} at ${address} (${variableOf[server]}) is not reachable: ${error.message}`;
    },
  };
}
