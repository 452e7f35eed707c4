// The console process: config once, directory sync, Bull Board, graceful stop.
import type { Server } from 'node:http';
import { guardedCarrotQuestAgents } from '@carrot-bridge/carrotquest';
import { dataApiUrlsFrom, loadConfigOrExit, retryPolicyFrom, shutdownOnSignal } from '@carrot-bridge/config';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import { createPrismaClient } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import {
  BackfillScheduler,
  CatalogSyncScheduler,
  ChatExportScheduler,
  ChatImportProducer,
  createRedisConnection,
  PersonalDataScheduler,
  QueueInspector,
  redisReady,
} from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { SecretBox } from '@carrot-bridge/secrets';
import { loadConsoleConfig } from './config';
import { BULL_BOARD_PATH, createConsoleApp } from './create-console-app';
import { AuditLog } from './audit/audit-log';
import { BackfillService } from './backfill/backfill.service';
import { CabinetService } from './cabinet/cabinet.service';
import { dataApiAccess } from './cabinet/data-api-access';
import { ExportTokenCabinetCheck } from './integrations/export-token-cabinet-check';
import { IntegrationService } from './integrations/integration.service';
import { FailedLoginLimiter } from './security/failed-login-limiter';
import { WebhookDirectorySync } from './webhook-directory-sync';

const config = loadConfigOrExit('console', loadConsoleConfig);

const logger = createLogger({ service: 'console', level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
if (config.insecureDefaultPassword)
  logger.warn('CONSOLE_PASSWORD is not set: using the development password (refused in production)');
const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 5 });
const redis = createRedisConnection(config.REDIS_URL, 'producer');
redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }));
// Jobs the console enqueues (re-imports, backfills, re-exports) get the same RETRY_* policy as everyone's.
const retryPolicy = retryPolicyFrom(config);
const producer = new ChatImportProducer(redis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const exportScheduler = new ChatExportScheduler(redis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const queues = new QueueInspector(redis, { prefix: config.QUEUE_PREFIX });
const directory = new WebhookDirectory(
  redis,
  config.QUEUE_PREFIX,
  WebhookDirectoryDigests.fromSecretsKey(config.SECRETS_KEY),
);
const secretBox = new SecretBox(config.SECRETS_KEY);

const directorySync = new WebhookDirectorySync({
  db,
  directory,
  secretBox,
  logger,
  fullSyncIntervalMs: config.DIRECTORY_SYNC_INTERVAL_MS,
  checkIntervalMs: config.DIRECTORY_CHECK_INTERVAL_MS,
});

await redisReady(redis, 10_000).catch((error: Error) =>
  logger.warn('starting without Redis', { error: error.message }),
);
await directorySync.syncNow('start-up');
directorySync.start();
// A Redis that comes back may have come back empty (restart without persistence, failover).
redis.on('ready', () => void directorySync.healIfLost());

const audit = new AuditLog(db, logger);
const dataApi = dataApiAccess(dataApiUrlsFrom(config), config.DATA_API_TIMEOUT_MS);
const integrations = new IntegrationService({
  db,
  audit,
  exportTokenCabinetCheck: new ExportTokenCabinetCheck(db, dataApi),
  secretBox,
  directory,
  producer,
  queues,
  exportScheduler,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL,
  carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS,
  allowApiBaseUrlOverride: config.allowApiBaseUrlOverride,
  // Without own API bases (production) nothing may reach loopback, the private network or metadata.
  ...(config.allowApiBaseUrlOverride ? {} : { carrotQuestAgents: guardedCarrotQuestAgents() }),
  logger,
});
const backfillScheduler = new BackfillScheduler(redis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const backfill = new BackfillService({ db, scheduler: backfillScheduler, integrations: integrations.keys, audit });
const catalogSyncScheduler = new CatalogSyncScheduler(redis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const cabinet = new CabinetService({
  db,
  audit,
  secretBox,
  dataApi,
  scheduler: catalogSyncScheduler,
  logger,
});
const deliveries = new DeliveryLog(redis, config.QUEUE_PREFIX);
// An erasure on request asks the worker to VACUUM and rewrite Redis's files (docs/personal-data.md).
const personalDataScheduler = new PersonalDataScheduler(redis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const loginLimiter = new FailedLoginLimiter({
  maxFailures: config.CONSOLE_LOGIN_MAX_FAILURES,
  windowMs: 60_000,
  blockMs: config.CONSOLE_LOGIN_BLOCK_SECONDS * 1000,
  maxAddresses: 10_000,
});
// The same budget per e-mail: guesses at one person's password spread over many addresses stop too.
const emailLoginLimiter = new FailedLoginLimiter({
  maxFailures: config.CONSOLE_LOGIN_MAX_FAILURES,
  windowMs: 60_000,
  blockMs: config.CONSOLE_LOGIN_BLOCK_SECONDS * 1000,
  maxAddresses: 10_000,
});
const app = createConsoleApp({
  deliveries,
  db,
  queues: queues.boardQueues(),
  logger,
  user: config.CONSOLE_USER,
  password: config.consolePassword,
  pingRedis: () => producer.ping(),
  integrations,
  backfill,
  cabinet,
  loginLimiter,
  emailLoginLimiter,
  trustProxyHops: config.CONSOLE_TRUST_PROXY_HOPS,
  secretsKey: config.SECRETS_KEY,
  sessionLifetime: config.sessionLifetime,
  secureCookies: config.secureCookies,
  consolePublicUrl: config.CONSOLE_PUBLIC_URL,
  cabinetSso: config.cabinetSso,
  personalData: { deliveries, compaction: personalDataScheduler },
  jobs: { inspector: queues, producer, exportScheduler },
});
const server: Server = app.listen(config.CONSOLE_PORT, config.consoleHost, () => {
  logger.info('console listening', {
    host: config.consoleHost,
    port: config.CONSOLE_PORT,
    bullBoard: BULL_BOARD_PATH,
    webhookBase: `${config.PUBLIC_BASE_URL}/webhooks/carrotquest/`,
  });
});

shutdownOnSignal(
  (signal) => {
    logger.info('console stopping', { signal });
    directorySync.stop();
    server.close(async () => {
      await Promise.all([
        producer.close(),
        exportScheduler.close(),
        backfillScheduler.close(),
        catalogSyncScheduler.close(),
        personalDataScheduler.close(),
        queues.close(),
      ]);
      await db.$disconnect();
      redis.disconnect();
      process.exit(0);
    });
    server.closeIdleConnections();
  },
  10_000,
  () => logger.error('console did not stop within 10 s; exiting'),
);
