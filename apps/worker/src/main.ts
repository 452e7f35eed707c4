// The worker process: reads config once, wires the use case to the queue, stops gracefully.
import { createPrismaClient } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import { ChatImportProducer, createRedisConnection } from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import { loadConfigOrExit } from '@carrot-bridge/config';
import { ChatImportWorker } from './chat-import.worker';
import { loadWorkerConfig } from './config';
import { ImportChatUseCase } from './import-chat.usecase';
import { IntegrationCache } from './integration-cache';
import { WorkerMetrics } from './worker-metrics';

const config = loadConfigOrExit('worker', loadWorkerConfig);

const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE });
const connection = createRedisConnection(config.REDIS_URL, 'worker');
connection.on('error', (error) => logger.warn('redis connection error', { error: error.message }));

// A second, fail-fast connection for queue counts and readiness: the worker's own waits out outages.
const statusRedis = createRedisConnection(config.REDIS_URL, 'producer');
statusRedis.on('error', () => undefined);
const queueView = new ChatImportProducer(statusRedis, { prefix: config.QUEUE_PREFIX });
const metrics = new WorkerMetrics(queueView.queue);

const worker = new ChatImportWorker({
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  retryPolicy: { attempts: config.RETRY_ATTEMPTS, baseDelayMs: config.RETRY_BASE_DELAY_MS, maxDelayMs: config.RETRY_MAX_DELAY_MS },
  maxRateLimitWaits: config.MAX_RATE_LIMIT_WAITS,
  db,
  logger,
  onAttempt: metrics.onAttempt,
  useCase: new ImportChatUseCase({
    db,
    secretBox: new SecretBox(config.SECRETS_KEY),
    carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL,
    carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS,
    onCarrotQuestCall: metrics.onCarrotQuestCall,
    integrations: new IntegrationCache(db, config.INTEGRATION_CACHE_TTL_MS),
  }),
});
const metricsServer =
  config.METRICS_PORT > 0
    ? metrics.listen(config.METRICS_PORT, config.METRICS_HOST, async () => (await queueView.ping()) && (await db.$queryRaw`SELECT 1`.then(() => true, () => false)))
    : null;
worker.start();
logger.info('worker started', { concurrency: config.WORKER_CONCURRENCY, carrotQuest: config.CARROTQUEST_API_BASE_URL });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('worker stopping: finishing in-flight jobs', { signal });
  const force = setTimeout(() => {
    logger.error('worker did not stop within 30 s; exiting (unfinished jobs return to the queue when their lock expires)');
    process.exit(1);
  }, 30_000);
  force.unref();
  await worker.close();
  metricsServer?.close();
  await queueView.close();
  await db.$disconnect();
  connection.disconnect();
  statusRedis.disconnect();
  logger.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
