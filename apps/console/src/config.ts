import {
  retryPolicyEnv,
  commonEnv,
  envCarrotQuestBaseUrl,
  envBoolean,
  envPort,
  envPositiveInt,
  envSecretsKey,
  envUrl,
  loadConfig,
  z,
} from '@carrot-bridge/config';
import { defaultPublicBaseUrl } from '@carrot-bridge/config';

const consoleEnv = commonEnv
  .extend({
    ...retryPolicyEnv,
    CONSOLE_PORT: envPort.default(3000),
    /** Default: all interfaces in production (a container), loopback elsewhere (a laptop with the default password). */
    CONSOLE_HOST: z.string().optional(),
    /** Express `trust proxy` (hops) when the console runs behind a reverse proxy: the login limiter counts per client address. */
    CONSOLE_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
    /** Wrong passwords one client address may send per minute before it is held off for CONSOLE_LOGIN_BLOCK_SECONDS. */
    CONSOLE_LOGIN_MAX_FAILURES: envPositiveInt.default(10),
    CONSOLE_LOGIN_BLOCK_SECONDS: envPositiveInt.default(60),
    DATABASE_URL: envUrl(['postgres', 'postgresql']),
    SECRETS_KEY: envSecretsKey,
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('cb'),
    CONSOLE_USER: z.string().min(1).default('admin'),
    /** Required in production; development falls back to a fixed, logged-as-insecure password. */
    CONSOLE_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    /** Base of the webhook URLs shown to users, e.g. https://hooks.example.com; default: this machine's ingress at INGRESS_PORT. */
    PUBLIC_BASE_URL: envUrl(['https', 'http']).default('http://localhost:3001'),
    /** How often the whole webhook directory is re-published from PostgreSQL (heals a flushed Redis). */
    DIRECTORY_SYNC_INTERVAL_MS: envPositiveInt.default(60_000),
    /** How often the directory's completeness marker is checked; a lost directory is republished at once. */
    DIRECTORY_CHECK_INTERVAL_MS: envPositiveInt.default(1_000),
    /** Used by "check key" (GET /apps/$self_app/channels). */
    CARROTQUEST_API_BASE_URL: envCarrotQuestBaseUrl,
    CARROTQUEST_TIMEOUT_MS: envPositiveInt.default(10_000),
    /**
     * Lets an integration point at another CarrotQuest API base (the demo's simulator). Off by default in
     * production: our servers would send requests wherever a user says (SSRF).
     */
    ALLOW_API_BASE_URL_OVERRIDE: envBoolean.optional(),
    /** CoMagic / UIS Data API endpoints, as the worker's: the cabinet connection and «Проверить токен» call get.account. */
    DATA_API_COMAGIC_URL: envUrl(['https', 'http']).default('https://dataapi.comagic.ru/v2.0'),
    DATA_API_UIS_URL: envUrl(['https', 'http']).default('https://dataapi.uiscom.ru/v2.0'),
    DATA_API_TIMEOUT_MS: envPositiveInt.default(15_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.CONSOLE_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_PASSWORD'],
        message: 'is required in production (no default password)',
      });
    }
  });

export type ConsoleConfig = z.infer<typeof consoleEnv> & {
  consoleHost: string;
  consolePassword: string;
  insecureDefaultPassword: boolean;
  allowApiBaseUrlOverride: boolean;
};

export const DEVELOPMENT_PASSWORD = 'carrot-bridge-dev';

export function loadConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const config = loadConfig(consoleEnv, { ...env, PUBLIC_BASE_URL: defaultPublicBaseUrl(env) });
  return {
    ...config,
    consoleHost: config.CONSOLE_HOST ?? (config.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    consolePassword: config.CONSOLE_PASSWORD ?? DEVELOPMENT_PASSWORD,
    insecureDefaultPassword: !config.CONSOLE_PASSWORD,
    allowApiBaseUrlOverride: config.ALLOW_API_BASE_URL_OVERRIDE ?? config.NODE_ENV !== 'production',
  };
}
