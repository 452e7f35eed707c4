import { Redis, type RedisOptions } from 'ioredis';

/**
 * - `producer`: request paths (ingress). Commands fail at once while Redis is unreachable instead of
 *   queueing in memory, so a webhook gets a 503 (and is retried by CarrotQuest) rather than a 200 for a
 *   job that only exists in our process.
 * - `worker`: BullMQ's blocking connections need `maxRetriesPerRequest: null` and wait out outages.
 */
export type RedisPurpose = 'producer' | 'worker';

export function createRedisConnection(url: string, purpose: RedisPurpose, extra: RedisOptions = {}): Redis {
  const options: RedisOptions =
    purpose === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  return new Redis(url, {
    ...options,
    // Reconnect forever with a capped delay: processes outlive Redis restarts.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...extra,
  });
}

/**
 * Resolves once the connection is ready. A producer connection refuses commands until then (no
 * offline queue), so processes wait for it at start-up before taking traffic.
 */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Whether Redis answers now; never throws (readiness checks, status panels). */
export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
