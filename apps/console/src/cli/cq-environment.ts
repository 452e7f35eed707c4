// Where `pnpm cq` finds its servers: the environment, then `.env`, then — for whatever is still unset —
// the local stack of `pnpm start` (its PostgreSQL and Redis ports and the development key in .data), so
// `pnpm cq` next to a running `pnpm start` needs no setting at all.
import { loadDotEnv, withLocalStack } from '@carrot-bridge/config';

export interface CqEnvironment {
  env: Record<string, string | undefined>;
  /** The error to print when a server cannot be reached, saying where its address came from. */
  unreachable(server: 'PostgreSQL' | 'Redis', url: string, error: Error): string;
}

export function cqEnvironment(): CqEnvironment {
  loadDotEnv();
  const { env, filled } = withLocalStack(process.env);
  const variableOf = { PostgreSQL: 'DATABASE_URL', Redis: 'REDIS_URL' } as const;
  return {
    env,
    unreachable(server, url, error) {
      const address = new URL(url).host;
      const origin = filled.includes(variableOf[server])
        ? `the local stack of \`pnpm start\` (${variableOf[server]} is not set) — is \`pnpm start\` running?`
        : `${variableOf[server]}`;
      return `${server} at ${address} (from ${origin}) is not reachable: ${error.message}`;
    },
  };
}
