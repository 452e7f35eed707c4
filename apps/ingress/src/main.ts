// The ingress process: config once, Redis-only dependencies, graceful stop.
import type { Server } from 'node:http';
import { loadConfigOrExit } from '@carrot-bridge/config';
import { createLogger } from '@carrot-bridge/logging';
import { ChatImportProducer, createRedisConnection, redisReady, WebhookDirectory } from '@carrot-bridge/queue';
import { loadIngressConfig } from './config';
import { createIngressApp } from './create-ingress-app';
import { IngressMetrics } from './ingress-metrics';
import { KeyRateLimiter } from './key-rate-limiter';
import { MissCachingDirectory } from './miss-caching-directory';

/** How long "no integration has this key" is remembered, and for how many keys (about 1 MB). */
const UNKNOWN_KEY_TTL_MS = 5_000;
const UNKNOWN_KEY_MAX_ENTRIES = 10_000;

const config = loadConfigOrExit('ingress', loadIngressConfig);

const logger = createLogger({ service: 'ingress', level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
const redis = createRedisConnection(config.REDIS_URL, 'producer');
redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }));
const producer = new ChatImportProducer(redis, { prefix: config.QUEUE_PREFIX });
const metrics = new IngressMetrics(producer.queue);
const app = createIngressApp({
  onAnswer: metrics.onAnswer,
  metrics: { contentType: metrics.registry.contentType, render: () => metrics.registry.metrics() },
  directory: new MissCachingDirectory(new WebhookDirectory(redis, config.QUEUE_PREFIX), UNKNOWN_KEY_TTL_MS, UNKNOWN_KEY_MAX_ENTRIES),
  producer,
  rateLimiter: new KeyRateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
  logger,
  acceptedEventNames: config.ACCEPTED_EVENT_NAMES,
  bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
  retryAfterSeconds: config.RETRY_AFTER_SECONDS,
  trustProxyHops: config.TRUST_PROXY_HOPS,
});

// Until Redis is ready every webhook would get a 503; wait a little for it, then serve anyway
// (CarrotQuest retries 503s and /readyz tells the load balancer).
await redisReady(redis, 10_000).catch((error: Error) => logger.warn('starting without Redis', { error: error.message }));
const server: Server = app.listen(config.INGRESS_PORT, config.INGRESS_HOST, () => {
  logger.info('ingress listening', { host: config.INGRESS_HOST, port: config.INGRESS_PORT, acceptedEvents: config.ACCEPTED_EVENT_NAMES });
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info('ingress stopping: no new connections, finishing in-flight webhooks', { signal });
  const force = setTimeout(() => {
    logger.error('ingress did not stop within 10 s; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  server.close(async () => {
    await producer.close();
    await redis.quit().catch(() => redis.disconnect());
    logger.info('ingress stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
