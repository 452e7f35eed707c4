// Ingress on a random port over real Redis, and helpers to publish keys and post webhooks.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { BufferedDeliveryLog, DEFAULT_DELIVERY_LOG_LIMITS, DeliveryLog } from '@carrot-bridge/delivery-log';
import { parseExactJson } from '@carrot-bridge/domain';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { ChatImportProducer, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { generateWebhookKey, hashSecret } from '@carrot-bridge/secrets';
import { listenOnLoopback } from '@carrot-bridge/test-support';
import { createIngressApp } from '../src/create-ingress-app';
import { KeyRateLimiter } from '../src/key-rate-limiter';

export const FIXTURE_TOKEN = '6f1c2a9e-3b7d-4e58-9a0c-d2e4f6a8b1c3';
export const FORM = 'application/x-www-form-urlencoded';

export interface Stack {
  server: Server;
  base: string;
  producer: ChatImportProducer;
  directory: WebhookDirectory;
  deliveryLog: DeliveryLog;
  lines: Record<string, unknown>[];
  prefix: string;
  redis: ReturnType<typeof createRedisConnection>;
  close(): Promise<void>;
}

export async function startIngress(
  redisUrl: string,
  options: { burst?: number; perSecond?: number; failureBurst?: number; failurePerSecond?: number } = {},
): Promise<Stack> {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(redisUrl, 'producer');
  redis.on('error', () => undefined);
  await redisReady(redis);
  const producer = new ChatImportProducer(redis, { prefix });
  const directory = new WebhookDirectory(
    redis,
    prefix,
    WebhookDirectoryDigests.fromSecretsKey(randomBytes(32).toString('base64')),
  );
  // As the console's start-up sync leaves it: complete (an unknown key is then a 404, not a 503).
  await directory.replaceAll(new Map());
  const { logger, lines } = createMemoryLogger('ingress-test');
  const deliveryLog = new DeliveryLog(redis, prefix, DEFAULT_DELIVERY_LOG_LIMITS, parseExactJson);
  // As in production: buffered, flushed often here so tests read it soon.
  const bufferedLog = new BufferedDeliveryLog(deliveryLog, { flushEveryMs: 20, keepEntries: 100, keepBodies: 20 });
  const app = createIngressApp({
    deliveryLog: bufferedLog,
    directory,
    tokenDigest: (token) => directory.digests.token(token),
    directoryComplete: () => directory.isComplete(),
    producer,
    rateLimiter: new KeyRateLimiter(options.perSecond ?? 50, options.burst ?? 1000),
    failureRateLimiter: new KeyRateLimiter(options.failurePerSecond ?? 5, options.failureBurst ?? 50),
    logger,
    acceptedEventNames: ['$conversation_part_group_closed'],
    bodyLimitBytes: 64 * 1024,
    retryAfterSeconds: 30,
  });
  const { server, port, stop } = await listenOnLoopback(app, 'the ingress');
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    producer,
    directory,
    deliveryLog,
    lines,
    prefix,
    redis,
    async close() {
      await stop();
      await bufferedLog.close();
      await producer.queue.obliterate({ force: true }).catch(() => undefined);
      await producer.close().catch(() => undefined);
      redis.disconnect();
    },
  };
}

export async function publish(stack: Stack, over: { active?: boolean; token?: string } = {}) {
  const key = generateWebhookKey();
  const integrationId = randomUUID();
  await stack.directory.publish(hashSecret(key), {
    integrationId,
    accountId: randomUUID(),
    active: over.active ?? true,
    tokenHash: over.token ? stack.directory.digests.token(over.token) : null,
  });
  return { key, integrationId };
}

export async function post(stack: Stack, key: string, body: string, contentType = FORM) {
  const response = await fetch(`${stack.base}/webhooks/carrotquest/${key}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, any>,
    retryAfter: response.headers.get('retry-after'),
  };
}

export function formWith(changes: Record<string, string | null>): string {
  const params = new URLSearchParams(loadWebhookBody());
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  return params.toString();
}
