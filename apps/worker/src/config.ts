import {
  allowApiBaseUrlOverrideFrom,
  backOfficeEnv,
  envNonNegativeInt,
  envPositiveInt,
  listenHostFrom,
  loadConfig,
  z,
} from '@carrot-bridge/config';

// Database, secrets, queues and the remote APIs: backOfficeEnv, as the console's. The imports call
// CarrotQuest (an integration's own API base only as ALLOW_API_BASE_URL_OVERRIDE says); the export,
// the catalog sync and the session lookup the Data API.
const workerEnv = backOfficeEnv.extend({
  /**
   * Jobs processed at once. High because each job mostly waits on CarrotQuest: a lower figure capped a
   * process's throughput whatever its CPU (BENCHMARKS.md).
   * Database connections do not grow with it (the chat store groups statements).
   */
  WORKER_CONCURRENCY: envPositiveInt.default(100),
  DB_POOL_SIZE: envPositiveInt.default(20),
  /** How long a worker reuses an integration's settings; a settings change reaches workers within it. 0: no cache. */
  INTEGRATION_CACHE_TTL_MS: envNonNegativeInt.default(5_000),
  /**
   * CarrotQuest calls in flight at once per integration, in this process (docs/fairness.md): one
   * account's burst cannot fire the whole worker's concurrency at its CarrotQuest app.
   */
  CARROTQUEST_CALLS_PER_INTEGRATION: envPositiveInt.default(4),
  /** How many 429 waits one job may take before waits start to consume attempts. */
  MAX_RATE_LIMIT_WAITS: envNonNegativeInt.default(50),
  /** Export jobs at once (each one integration, up to 50 chats a call). */
  EXPORT_CONCURRENCY: envPositiveInt.default(5),
  /**
   * A captured session not in the cabinet's report yet is read again after this, until the bound below
   * (docs/cabinet.md, "Sessions from the cabinet"); tests shorten both.
   */
  SESSION_LOOKUP_RETRY_MS: envPositiveInt.default(2 * 60_000),
  /** After this the session is "unknown" and the chat's export stops waiting for it. */
  SESSION_LOOKUP_GIVE_UP_MS: envPositiveInt.default(2 * 60 * 60_000),
  /** How often every active integration lists the conversations updated since its last catch-up; 0 turns catch-up off. */
  CATCH_UP_INTERVAL_MS: envNonNegativeInt.default(60 * 60_000),
  /** Backfills scanned at once by this process (each one integration; each waits while 500 of their imports wait). */
  BACKFILL_CONCURRENCY: envPositiveInt.default(4),
  /** /metrics, /healthz and /readyz; 0 turns the server off. */
  METRICS_PORT: envNonNegativeInt.default(9464),
  /** Default: all interfaces in production (a container), loopback elsewhere. */
  METRICS_HOST: z.string().optional(),
});

export type WorkerConfig = Omit<z.infer<typeof workerEnv>, 'METRICS_HOST'> & {
  METRICS_HOST: string;
  allowApiBaseUrlOverride: boolean;
};

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const config = loadConfig(workerEnv, env);
  return {
    ...config,
    METRICS_HOST: listenHostFrom(config.METRICS_HOST, config.NODE_ENV),
    allowApiBaseUrlOverride: allowApiBaseUrlOverrideFrom(config),
  };
}
