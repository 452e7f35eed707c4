import { commonEnv, envBoolean, envPort, envPositiveInt, envSecretsKey, envUrl, loadConfig, z } from '@carrot-bridge/config';

const consoleEnv = commonEnv
  .extend({
    CONSOLE_PORT: envPort.default(3000),
    CONSOLE_HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: envUrl(['postgres', 'postgresql']),
    SECRETS_KEY: envSecretsKey,
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('cb'),
    CONSOLE_USER: z.string().min(1).default('admin'),
    /** Required in production; development falls back to a fixed, logged-as-insecure password. */
    CONSOLE_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    /** Base of the webhook URLs shown to users, e.g. https://hooks.example.com */
    PUBLIC_BASE_URL: envUrl(['https', 'http']).default('http://localhost:3001'),
    /** How often the whole webhook directory is re-published from PostgreSQL (heals a flushed Redis). */
    DIRECTORY_SYNC_INTERVAL_MS: envPositiveInt.default(60_000),
    /** Used by "check key" (GET /apps/$self_app/channels). */
    CARROTQUEST_API_BASE_URL: envUrl(['https', 'http']).default('https://api.carrotquest.io/v1'),
    CARROTQUEST_TIMEOUT_MS: envPositiveInt.default(10_000),
    /**
     * Lets an integration point at another CarrotQuest API base (the demo's simulator). Off by default in
     * production: our servers would send requests wherever a user says (SSRF).
     */
    ALLOW_API_BASE_URL_OVERRIDE: envBoolean.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.CONSOLE_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_PASSWORD'], message: 'is required in production (no default password)' });
    }
  });

export type ConsoleConfig = z.infer<typeof consoleEnv> & { consolePassword: string; insecureDefaultPassword: boolean; allowApiBaseUrlOverride: boolean };

export const DEVELOPMENT_PASSWORD = 'carrot-bridge-dev';

export function loadConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const config = loadConfig(consoleEnv, env);
  return {
    ...config,
    consolePassword: config.CONSOLE_PASSWORD ?? DEVELOPMENT_PASSWORD,
    insecureDefaultPassword: !config.CONSOLE_PASSWORD,
    allowApiBaseUrlOverride: config.ALLOW_API_BASE_URL_OVERRIDE ?? config.NODE_ENV !== 'production',
  };
}
