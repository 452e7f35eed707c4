// The worker process: reads config once, wires the use case to the queue, stops gracefully.
import { guardedCarrotQuestAgents, IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import { BatchedChatStore, createPrismaClient, createSqlPool, poolSqlRunner } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import { listenMetrics } from '@carrot-bridge/metrics';
import { createRedisConnection, JOB_CATALOG, QueueInspector, rewriteRedisPersistence } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import { dataApiUrlsFrom, loadConfigOrExit, retryPolicyFrom, shutdownOnSignal } from '@carrot-bridge/config';
import { BackfillUseCase } from './backfill/backfill.usecase';
import { AuditPurgeUseCase } from './audit-purge/audit-purge.usecase';
import { CatalogSyncUseCase } from './catalog-sync/catalog-sync.usecase';
import { FanOutCatalogSyncUseCase } from './catalog-sync/fan-out-catalog-sync.usecase';
import { CatchUpUseCase } from './catch-up/catch-up.usecase';
import { FanOutCatchUpUseCase } from './catch-up/fan-out-catch-up.usecase';
import { ExportChatsUseCase } from './export/export-chats.usecase';
import { loadWorkerConfig } from './config';
import { ErasedSubjectLookup } from './import/erased-subject-lookup';
import { ImportChatUseCase } from './import/import-chat.usecase';
import { CachedOperatorDirectory } from './import/operator-directory';
import { IntegrationCache } from './import/integration-cache';
import { IntegrationCallLimiter } from './import/integration-call-limiter';
import { jobHandlerMap } from './job-handler-map';
import { JobWorkers } from './lifecycle/job-workers';
import { PersonalDataCompactionUseCase } from './personal-data-compaction/compaction.usecase';
import { RetentionSweepUseCase } from './retention/retention-sweep.usecase';
import { SessionLookupRequester } from './session-lookup/session-lookup-requester';
import { SessionLookupUseCase } from './session-lookup/session-lookup.usecase';
import { WorkerMetrics } from './worker-metrics';
import { WorkerSchedulers } from './worker-schedulers';

const config = loadConfigOrExit('worker', loadWorkerConfig);

const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
// One pool: Prisma for the rare queries, the same pool directly for the chat store's hot path.
const pool = createSqlPool({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE });
pool.on('error', (error) => logger.warn('postgres pool error', { error: error.message }));
const db = createPrismaClient({ pool });
const connection = createRedisConnection(config.REDIS_URL, 'worker');
connection.on('error', (error) => logger.warn('redis connection error', { error: error.message }));

// A second, fail-fast connection for queue counts and readiness: the worker's own waits out outages.
const statusRedis = createRedisConnection(config.REDIS_URL, 'producer');
statusRedis.on('error', () => undefined);
const queueView = new QueueInspector(statusRedis, { prefix: config.QUEUE_PREFIX });
const metrics = new WorkerMetrics(queueView);

const secretBox = new SecretBox(config.SECRETS_KEY);
const retryPolicy = retryPolicyFrom(config);
const schedulers = new WorkerSchedulers(statusRedis, { prefix: config.QUEUE_PREFIX, retryPolicy });
// Without own API bases (production) no CarrotQuest call may reach loopback, the private network or metadata.
const carrotQuestReach = {
  allowApiBaseUrlOverride: config.allowApiBaseUrlOverride,
  ...(config.allowApiBaseUrlOverride ? {} : { carrotQuestAgents: guardedCarrotQuestAgents() }),
};
const carrotQuestSettings = {
  secretBox,
  carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL,
  carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS,
  onCarrotQuestCall: metrics.onCarrotQuestCall,
  ...carrotQuestReach,
};
const carrotQuest = new IntegrationCarrotQuestAccess(carrotQuestSettings);
// The export, the catalog sync and the session lookup read the cabinet alike.
const dataApiSettings = {
  db,
  secretBox,
  dataApiUrls: dataApiUrlsFrom(config),
  timeoutMs: config.DATA_API_TIMEOUT_MS,
};
const sessionLookupTimings = {
  retryMs: config.SESSION_LOOKUP_RETRY_MS,
  giveUpAfterMs: config.SESSION_LOOKUP_GIVE_UP_MS,
};
const backfill = new BackfillUseCase({ db, carrotQuest, producer: schedulers.backgroundImports });
const handlers = jobHandlerMap(
  {
    importChat: new ImportChatUseCase({
      db,
      chats: new BatchedChatStore(poolSqlRunner(pool)),
      exportScheduler: schedulers.exports,
      integrations: new IntegrationCache(db, config.INTEGRATION_CACHE_TTL_MS),
      operators: new CachedOperatorDirectory(poolSqlRunner(pool), { mappingTtlMs: config.INTEGRATION_CACHE_TTL_MS }),
      sessionLookups: new SessionLookupRequester({
        db,
        scheduler: schedulers.sessionLookup,
        timings: sessionLookupTimings,
      }),
      // People erased on request stay out of re-imports: their identifiers are kept as keyed digests.
      erasedSubjects: new ErasedSubjectLookup(poolSqlRunner(pool), config.SECRETS_KEY),
      carrotQuestShare: new IntegrationCallLimiter(config.CARROTQUEST_CALLS_PER_INTEGRATION),
      ...carrotQuestSettings,
    }),
    exportChats: new ExportChatsUseCase({
      ...dataApiSettings,
      sessionLookups: schedulers.sessionLookup,
    }),
    catchUp: new CatchUpUseCase({ db, carrotQuest, producer: schedulers.backgroundImports }),
    fanOutCatchUp: new FanOutCatchUpUseCase(db, schedulers.catchUp),
    backfill,
    catalogSync: new CatalogSyncUseCase(dataApiSettings),
    fanOutCatalogSync: new FanOutCatalogSyncUseCase(db, schedulers.catalogSync),
    sessionLookup: new SessionLookupUseCase({
      ...dataApiSettings,
      timings: sessionLookupTimings,
      lookups: schedulers.sessionLookup,
      exports: schedulers.exports,
    }),
    auditPurge: new AuditPurgeUseCase(db),
    retentionSweep: new RetentionSweepUseCase({ db, sql: poolSqlRunner(pool), compaction: schedulers.personalData }),
    personalDataCompaction: new PersonalDataCompactionUseCase({
      sql: poolSqlRunner(pool),
      rewriteRedisPersistence: () => rewriteRedisPersistence(statusRedis),
    }),
  },
  { maxRateLimitWaits: config.MAX_RATE_LIMIT_WAITS },
);
const workers = new JobWorkers(handlers, {
  connection,
  prefix: config.QUEUE_PREFIX,
  retryPolicy,
  logger,
  concurrency: {
    [JOB_CATALOG.chatImport.queue]: config.WORKER_CONCURRENCY,
    [JOB_CATALOG.chatExport.queue]: config.EXPORT_CONCURRENCY,
    [JOB_CATALOG.catchUp.queue]: 2,
    [JOB_CATALOG.backfill.queue]: config.BACKFILL_CONCURRENCY,
    [JOB_CATALOG.catalogSync.queue]: 2,
    [JOB_CATALOG.sessionLookup.queue]: 2,
  },
  // Chat imports and exports, each in its own series (WorkerMetrics.onJobAttempt).
  onAttempt: metrics.onJobAttempt,
});
const metricsServer =
  config.METRICS_PORT > 0
    ? listenMetrics({
        port: config.METRICS_PORT,
        host: config.METRICS_HOST,
        registry: metrics.registry,
        ready: async () =>
          (await queueView.ping()) &&
          (await db.$queryRaw`SELECT 1`.then(
            () => true,
            () => false,
          )),
      })
    : null;
workers.start();
schedulers.scheduleTicks(config.CATCH_UP_INTERVAL_MS, logger);
logger.info('worker started', { concurrency: config.WORKER_CONCURRENCY, carrotQuest: config.CARROTQUEST_API_BASE_URL });

shutdownOnSignal(
  async (signal) => {
    logger.info('worker stopping: finishing in-flight jobs', { signal });
    // A backfill stops after its current page and goes back to the queue: it resumes from its cursor.
    backfill.stopAll();
    await workers.close();
    await schedulers.close();
    metricsServer?.close();
    await queueView.close();
    await db.$disconnect();
    await pool.end();
    connection.disconnect();
    statusRedis.disconnect();
    logger.info('worker stopped');
    process.exit(0);
  },
  30_000,
  () =>
    logger.error(
      'worker did not stop within 30 s; exiting (unfinished jobs return to the queue when their lock expires)',
    ),
);
