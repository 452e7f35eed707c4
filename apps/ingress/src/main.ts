// The ingress process: config once, Redis-only dependencies, short timeouts, graceful stop.
import { createServer, type Server } from 'node:http';
import { loadConfigOrExit, retryPolicyFrom, shutdownOnSignal } from '@carrot-bridge/config';
import { BufferedDeliveryLog, DEFAULT_DELIVERY_LOG_LIMITS, DeliveryLog } from '@carrot-bridge/delivery-log';
import { parseExactJson } from '@carrot-bridge/domain';
import { createLogger } from '@carrot-bridge/logging';
import { listenMetrics } from '@carrot-bridge/metrics';
import { ChatImportProducer, createRedisConnection, QueueInspector, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { loadIngressConfig } from './config';
import { createIngressApp } from './create-ingress-app';
import { IngressMetrics } from './ingress-metrics';
import { KeyRateLimiter } from './key-rate-limiter';
import { MissCachingDirectory } from './miss-caching-directory';

/** How long "no integration has this key" is remembered, and for how many keys (about 1 MB). */
const UNKNOWN_KEY_TTL_MS = 5_000;
const UNKNOWN_KEY_MAX_ENTRIES = 10_000;
/** How often Node looks for requests past their timeouts (its default, 30 s, would let them run long). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** At shutdown, in-flight webhooks get this long before their sockets are closed (slow senders). */
const SHUTDOWN_GRACE_MS = 5_000;

const config = loadConfigOrExit('ingress', loadIngressConfig);

const logger = createLogger({ service: 'ingress', level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
const redis = createRedisConnection(config.REDIS_URL, 'producer');
redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }));
// The retry policy is fixed when a job is enqueued: the ingress reads the same RETRY_* settings as the worker.
const producer = new ChatImportProducer(redis, {
  prefix: config.QUEUE_PREFIX,
  retryPolicy: retryPolicyFrom(config),
  liveBurstThreshold: config.LIVE_BURST_THRESHOLD,
});
const queues = new QueueInspector(redis, { prefix: config.QUEUE_PREFIX });
const metrics = new IngressMetrics(queues);
const directory = new WebhookDirectory(
  redis,
  config.QUEUE_PREFIX,
  WebhookDirectoryDigests.fromSecretsKey(config.SECRETS_KEY),
);
// Written in one round trip every 250 ms, not one per delivery: the log must not cost the webhook path.
// Nested JSON in kept bodies is opened with the exact parser: ids past 2^53 keep their digits.
const deliveryLog = new BufferedDeliveryLog(
  new DeliveryLog(redis, config.QUEUE_PREFIX, DEFAULT_DELIVERY_LOG_LIMITS, parseExactJson),
  {
    flushEveryMs: 250,
    keepEntries: DEFAULT_DELIVERY_LOG_LIMITS.entries,
    keepBodies: DEFAULT_DELIVERY_LOG_LIMITS.bodies,
    onError: (error) => logger.debug('delivery log not written', { reason: error.message }),
  },
);
const app = createIngressApp({
  onAnswer: metrics.onAnswer,
  directory: new MissCachingDirectory(directory, UNKNOWN_KEY_TTL_MS, UNKNOWN_KEY_MAX_ENTRIES),
  tokenDigest: (token) => directory.digests.token(token),
  directoryComplete: () => directory.isComplete(),
  producer,
  rateLimiter: new KeyRateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
  failureRateLimiter: new KeyRateLimiter(
    config.AUTH_FAILURE_RATE_LIMIT_PER_SECOND,
    config.AUTH_FAILURE_RATE_LIMIT_BURST,
  ),
  logger,
  acceptedEventNames: config.ACCEPTED_EVENT_NAMES,
  bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
  retryAfterSeconds: config.RETRY_AFTER_SECONDS,
  trustProxyHops: config.TRUST_PROXY_HOPS,
  deliveryLog,
});

// Until Redis is ready every webhook would get a 503; wait a little for it, then serve anyway
// (CarrotQuest retries 503s and /readyz tells the load balancer).
await redisReady(redis, 10_000).catch((error: Error) =>
  logger.warn('starting without Redis', { error: error.message }),
);
// Slow clients (a body trickled byte by byte, headers never finished) are cut off with a 408 within
// seconds instead of holding a socket for Node's default 5 minutes.
const server: Server = createServer(
  {
    requestTimeout: config.WEBHOOK_REQUEST_TIMEOUT_MS,
    headersTimeout: config.WEBHOOK_HEADERS_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  },
  app,
);
server.listen(config.INGRESS_PORT, config.ingressHost, () => {
  logger.info('ingress listening', {
    host: config.ingressHost,
    port: config.INGRESS_PORT,
    acceptedEvents: config.ACCEPTED_EVENT_NAMES,
  });
});
const metricsServer =
  config.INGRESS_METRICS_PORT > 0
    ? listenMetrics({
        port: config.INGRESS_METRICS_PORT,
        host: config.INGRESS_METRICS_HOST,
        registry: metrics.registry,
        ready: async () => (await producer.ping()) && (await directory.isComplete().catch(() => false)),
        onListening: (port) => logger.info('ingress metrics listening', { host: config.INGRESS_METRICS_HOST, port }),
        onError: (error) =>
          logger.error('ingress metrics server failed; webhooks are still served', { error: error.message }),
      })
    : null;

shutdownOnSignal(
  (signal) => {
    logger.info('ingress stopping: no new connections, finishing in-flight webhooks', { signal });
    metricsServer?.close();
    server.close(async () => {
      await Promise.all([producer.close(), queues.close(), deliveryLog.close()]);
      await redis.quit().catch(() => redis.disconnect());
      logger.info('ingress stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    // A slow sender must not hold the shutdown hostage: after the grace period its socket is closed
    // (it gets no 200, so CarrotQuest sends the webhook again), and the queue is still closed cleanly.
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  },
  10_000,
  () => logger.error('ingress did not stop within 10 s; exiting'),
);
