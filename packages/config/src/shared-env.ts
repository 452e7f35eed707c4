import { z } from 'zod';
import {
  envBoolean,
  envCarrotQuestBaseUrl,
  envLogLevel,
  envNodeEnv,
  envPositiveInt,
  envSecretsKey,
  envUrl,
} from './env-types';

// The groups of variables that several apps read, each defined once: a setting two processes must
// agree on (the queue prefix, the retry policy) cannot drift apart, nor can a default.

/** Variables every app shares; each app's config extends this. */
export const commonEnv = z.object({
  NODE_ENV: envNodeEnv.default('development'),
  LOG_LEVEL: envLogLevel.default('info'),
  REDIS_URL: envUrl(['redis', 'rediss']),
});

/**
 * The retry policy of jobs, read by EVERY process that enqueues (ingress, console, CLI, worker): a job's
 * attempts are fixed when it is enqueued, so a setting only the worker read would not mean what it says.
 */
export const retryPolicyEnv = {
  RETRY_ATTEMPTS: envPositiveInt.default(25),
  RETRY_BASE_DELAY_MS: envPositiveInt.default(5_000),
  RETRY_MAX_DELAY_MS: envPositiveInt.default(30 * 60_000),
};

export function retryPolicyFrom(config: {
  RETRY_ATTEMPTS: number;
  RETRY_BASE_DELAY_MS: number;
  RETRY_MAX_DELAY_MS: number;
}) {
  return {
    attempts: config.RETRY_ATTEMPTS,
    baseDelayMs: config.RETRY_BASE_DELAY_MS,
    maxDelayMs: config.RETRY_MAX_DELAY_MS,
  };
}

/**
 * The prefix of every queue and Redis key: every process that enqueues, consumes or reads the queues
 * (ingress, console, worker) must read the same value.
 */
export const queuePrefixEnv = {
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('cb'),
};

/**
 * The CoMagic / UIS Data API endpoints (tests and staging point them elsewhere) and the calls' timeout:
 * the worker's export, catalog sync and session lookup, the console's cabinet connection and token check.
 */
export const dataApiEnv = {
  DATA_API_COMAGIC_URL: envUrl(['https', 'http']).default('https://dataapi.comagic.ru/v2.0'),
  DATA_API_UIS_URL: envUrl(['https', 'http']).default('https://dataapi.uiscom.ru/v2.0'),
  DATA_API_TIMEOUT_MS: envPositiveInt.default(15_000),
};

/** The Data API endpoint of each brand (the data-api package's DataApiBrand). */
export function dataApiUrlsFrom(config: { DATA_API_COMAGIC_URL: string; DATA_API_UIS_URL: string }) {
  return { comagic: config.DATA_API_COMAGIC_URL, uis: config.DATA_API_UIS_URL };
}

/**
 * CarrotQuest's API as the console ("check key") and the worker (imports) call it.
 * ALLOW_API_BASE_URL_OVERRIDE lets an integration point at another API base (the demo's simulator); it
 * is off by default in production, where our servers would otherwise send requests wherever a user
 * says (SSRF): see allowApiBaseUrlOverrideFrom.
 */
export const carrotQuestApiEnv = {
  CARROTQUEST_API_BASE_URL: envCarrotQuestBaseUrl,
  CARROTQUEST_TIMEOUT_MS: envPositiveInt.default(10_000),
  ALLOW_API_BASE_URL_OVERRIDE: envBoolean.optional(),
};

/** Whether an integration's own CarrotQuest API base is used: as set, or on everywhere but production. */
export function allowApiBaseUrlOverrideFrom(config: {
  ALLOW_API_BASE_URL_OVERRIDE?: boolean | undefined;
  NODE_ENV: string;
}): boolean {
  return config.ALLOW_API_BASE_URL_OVERRIDE ?? config.NODE_ENV !== 'production';
}

/** Where a server listens unless told: all interfaces in production (a container), loopback elsewhere (a laptop). */
export function listenHostFrom(host: string | undefined, nodeEnv: string): string {
  return host ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1');
}

/**
 * What the console and the worker both read: PostgreSQL, the stored secrets' key, the queues with their
 * retry policy, and the two remote APIs (CarrotQuest, the Data API). Each extends it with its own.
 */
export const backOfficeEnv = commonEnv.extend({
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  SECRETS_KEY: envSecretsKey,
  ...queuePrefixEnv,
  ...retryPolicyEnv,
  ...carrotQuestApiEnv,
  ...dataApiEnv,
});
