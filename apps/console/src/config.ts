import {
  allowApiBaseUrlOverrideFrom,
  backOfficeEnv,
  defaultPublicBaseUrl,
  envPort,
  envPositiveInt,
  envUrl,
  listenHostFrom,
  loadConfig,
  z,
} from '@carrot-bridge/config';
import type { SessionLifetime } from './auth/session-lifetime';
import { cabinetSsoSettingsFrom, type CabinetSsoSettings } from './sso/cabinet-sso-settings';

// Database, secrets, queues and the remote APIs: backOfficeEnv, as the worker's. "Check key" calls
// CarrotQuest's GET /apps/$self_app/channels; the cabinet connection and «Проверить токен» the Data
// API's get.account.
const consoleEnv = backOfficeEnv
  .extend({
    CONSOLE_PORT: envPort.default(3000),
    /** Default: all interfaces in production (a container), loopback elsewhere (a laptop with the default password). */
    CONSOLE_HOST: z.string().optional(),
    /** Express `trust proxy` (hops) when the console runs behind a reverse proxy: the login limiter counts per client address. */
    CONSOLE_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
    /** Wrong passwords one client address may send per minute before it is held off for CONSOLE_LOGIN_BLOCK_SECONDS. */
    CONSOLE_LOGIN_MAX_FAILURES: envPositiveInt.default(10),
    CONSOLE_LOGIN_BLOCK_SECONDS: envPositiveInt.default(60),
    /** A signed-in person's session ends after this long without a request (docs/access.md «Sessions»). */
    CONSOLE_SESSION_IDLE_MINUTES: envPositiveInt.default(12 * 60),
    /** ... and this long after sign-in, however active. */
    CONSOLE_SESSION_ABSOLUTE_HOURS: envPositiveInt.default(7 * 24),
    /** Where people open the console, for the links it hands out (invitations, password resets). */
    CONSOLE_PUBLIC_URL: envUrl(['https', 'http']).default('http://localhost:3000'),
    /** The analytics cabinet's public key (SPKI PEM; ES256 or RS256) for its sign-in links (GET /sso); unset: off. */
    CABINET_SSO_PUBLIC_KEY: z.string().optional(),
    /** ... or the path of a file holding it. */
    CABINET_SSO_PUBLIC_KEY_FILE: z.string().optional(),
    /** The `iss` and `aud` the cabinet's tokens must carry (required with a key). */
    CABINET_SSO_ISSUER: z.string().optional(),
    CABINET_SSO_AUDIENCE: z.string().optional(),
    /** How old (its `iat`) a cabinet token may be. */
    CABINET_SSO_MAX_AGE_SECONDS: envPositiveInt.default(60),
    CONSOLE_USER: z.string().min(1).default('admin'),
    /** Required in production; development falls back to a fixed, logged-as-insecure password. */
    CONSOLE_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    /** Base of the webhook URLs shown to users, e.g. https://hooks.example.com; default: this machine's ingress at INGRESS_PORT. */
    PUBLIC_BASE_URL: envUrl(['https', 'http']).default('http://localhost:3001'),
    /** How often the whole webhook directory is re-published from PostgreSQL (heals a flushed Redis). */
    DIRECTORY_SYNC_INTERVAL_MS: envPositiveInt.default(60_000),
    /** How often the directory's completeness marker is checked; a lost directory is republished at once. */
    DIRECTORY_CHECK_INTERVAL_MS: envPositiveInt.default(1_000),
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
  sessionLifetime: SessionLifetime;
  /** The session cookie's Secure attribute: in production only (a laptop's http://localhost has no TLS). */
  secureCookies: boolean;
  /** The cabinet's sign-in (its key read and checked once, here); null: off. */
  cabinetSso: CabinetSsoSettings | null;
};

export const DEVELOPMENT_PASSWORD = 'carrot-bridge-dev';

export function loadConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const config = loadConfig(consoleEnv, { ...env, PUBLIC_BASE_URL: defaultPublicBaseUrl(env) });
  return {
    ...config,
    consoleHost: listenHostFrom(config.CONSOLE_HOST, config.NODE_ENV),
    consolePassword: config.CONSOLE_PASSWORD ?? DEVELOPMENT_PASSWORD,
    insecureDefaultPassword: !config.CONSOLE_PASSWORD,
    allowApiBaseUrlOverride: allowApiBaseUrlOverrideFrom(config),
    sessionLifetime: {
      idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: config.CONSOLE_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    secureCookies: config.NODE_ENV === 'production',
    cabinetSso: cabinetSsoSettingsFrom(config),
  };
}
