// The worker process: reads config once, wires the use case to the queue, stops gracefully.
import { guardedCarrotQuestAgents, IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import { BatchedChatStore, createPrismaClient, createSqlPool, poolSqlRunner } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import { listenMetrics } from '@carrot-bridge/metrics';
import { CatchUpScheduler, ChatExportScheduler, ChatImportProducer, createRedisConnection, QueueInspector } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import { loadConfigOrExit, retryPolicyFrom, shutdownOnSignal } from '@carrot-bridge/config';
import { ChatExportWorker } from './chat-export.worker';
import { ChatImportWorker } from './chat-import.worker';
import { CatchUpUseCase } from './catch-up.usecase';
import { CatchUpWorker } from './catch-up.worker';
import { ExportChatsUseCase } from './export-chats.usecase';
import { loadWorkerConfig } from './config';
import { ImportChatUseCase } from './import-chat.usecase';
import { IntegrationCache } from './integration-cache';
import { WorkerMetrics } from './worker-metrics';

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
const exportScheduler = new ChatExportScheduler(statusRedis, { prefix: config.QUEUE_PREFIX, retryPolicy });
const exportWorker = new ChatExportWorker({
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.EXPORT_CONCURRENCY,
  retryPolicy,
  logger,
  useCase: new ExportChatsUseCase({ db, secretBox, dataApiUrls: { comagic: config.DATA_API_COMAGIC_URL, uis: config.DATA_API_UIS_URL }, timeoutMs: config.DATA_API_TIMEOUT_MS }),
});
// Without own API bases (production) no CarrotQuest call may reach loopback, the private network or metadata.
const carrotQuestReach = { allowApiBaseUrlOverride: config.allowApiBaseUrlOverride, ...(config.allowApiBaseUrlOverride ? {} : { carrotQuestAgents: guardedCarrotQuestAgents() }) };
const worker = new ChatImportWorker({
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  retryPolicy,
  maxRateLimitWaits: config.MAX_RATE_LIMIT_WAITS,
  logger,
  onAttempt: metrics.onAttempt,
  useCase: new ImportChatUseCase({
    db,
    chats: new BatchedChatStore(poolSqlRunner(pool)),
    secretBox,
    exportScheduler,
    carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL,
    carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS,
    onCarrotQuestCall: metrics.onCarrotQuestCall,
    ...carrotQuestReach,
    integrations: new IntegrationCache(db, config.INTEGRATION_CACHE_TTL_MS),
  }),
});
const catchUpScheduler = new CatchUpScheduler(statusRedis, { prefix: config.QUEUE_PREFIX });
const catchUpWorker = new CatchUpWorker({
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: 2,
  db,
  logger,
  scheduler: catchUpScheduler,
  useCase: new CatchUpUseCase({
    db,
    carrotQuest: new IntegrationCarrotQuestAccess({ secretBox, carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL, carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS, onCarrotQuestCall: metrics.onCarrotQuestCall, ...carrotQuestReach }),
    producer: new ChatImportProducer(statusRedis, { prefix: config.QUEUE_PREFIX, retryPolicy }),
  }),
});
const metricsServer =
  config.METRICS_PORT > 0
    ? listenMetrics({
        port: config.METRICS_PORT,
        host: config.METRICS_HOST,
        registry: metrics.registry,
        ready: async () => (await queueView.ping()) && (await db.$queryRaw`SELECT 1`.then(() => true, () => false)),
      })
    : null;
worker.start();
exportWorker.start();
catchUpWorker.start();
catchUpScheduler.scheduleTicks(config.CATCH_UP_INTERVAL_MS).catch((error: Error) => logger.error('catch-up could not be scheduled', { error: error.message }));
logger.info('worker started', { concurrency: config.WORKER_CONCURRENCY, carrotQuest: config.CARROTQUEST_API_BASE_URL });

shutdownOnSignal(
  async (signal) => {
    logger.info('worker stopping: finishing in-flight jobs', { signal });
    await Promise.all([worker.close(), exportWorker.close(), catchUpWorker.close()]);
    await Promise.all([exportScheduler.close(), catchUpScheduler.close()]);
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
  () => logger.error('worker did not stop within 30 s; exiting (unfinished jobs return to the queue when their lock expires)'),
);
