import {
  retryPolicyEnv,
  commonEnv,
  envList,
  envNonNegativeInt,
  envPort,
  envPositiveInt,
  envSecretsKey,
  listenHostFrom,
  loadConfig,
  queuePrefixEnv,
  z,
} from '@carrot-bridge/config';
import { QUESTION_RESOLVED_EVENT } from '@carrot-bridge/domain';
import { DEFAULT_LIVE_BURST_THRESHOLD } from '@carrot-bridge/queue';

const ingressEnv = commonEnv.extend({
  ...retryPolicyEnv,
  INGRESS_PORT: envPort.default(3001),
  /** Default: all interfaces in production (a container), loopback elsewhere. */
  INGRESS_HOST: z.string().optional(),
  /** /metrics (and /healthz, /readyz) for Prometheus, never on the public port; 0 turns it off. */
  INGRESS_METRICS_PORT: envNonNegativeInt.default(9465),
  INGRESS_METRICS_HOST: z.string().default('127.0.0.1'),
  /** The webhook directory in Redis is keyed by digests derived from it (same key as the console's). */
  SECRETS_KEY: envSecretsKey,
  /**
   * A whole webhook (headers and body) must arrive within this; a slow client is cut off with 408.
   * CarrotQuest sends ~1.6 KiB at once; 10 s is generous for any real sender.
   */
  WEBHOOK_REQUEST_TIMEOUT_MS: envPositiveInt.default(10_000),
  /** The request headers must arrive within this (slowloris). */
  WEBHOOK_HEADERS_TIMEOUT_MS: envPositiveInt.default(5_000),
  ...queuePrefixEnv,
  /** Event names that mean "import this conversation"; others are answered `ignored`. */
  ACCEPTED_EVENT_NAMES: envList.default([QUESTION_RESOLVED_EVENT]),
  /**
   * 64 KiB: the fixture webhook is 1.6 KiB; user props are capped by CarrotQuest at 255 characters
   * each, so even a user with many props stays far below. Larger bodies are not CarrotQuest's.
   */
  WEBHOOK_BODY_LIMIT_BYTES: envPositiveInt.default(64 * 1024),
  /**
   * Authenticated webhooks per second per integration (sustained), and the burst above it: each is a
   * customer's real chat, so the limit only guards the process against a runaway sender. A mass
   * mailing that resolves thousands of questions at once must be queued, not refused: the burst takes
   * 5,000 at once and refills in 25 s at 200/s (720,000 an hour, per ingress process).
   */
  RATE_LIMIT_PER_SECOND: envPositiveInt.default(200),
  RATE_LIMIT_BURST: envPositiveInt.default(5_000),
  /**
   * Webhooks refused for a wrong or missing token, per integration: their own bucket (past it they get
   * 429 instead of 401), so a flood of them never spends the integration's limit above. A real sender
   * with a stale token sends at its real rate and is well inside it.
   */
  AUTH_FAILURE_RATE_LIMIT_PER_SECOND: envPositiveInt.default(5),
  AUTH_FAILURE_RATE_LIMIT_BURST: envPositiveInt.default(50),
  /**
   * Live imports per integration and 10 s above which its imports go behind other integrations'
   * (docs/fairness.md). A normal site sends a few chats a minute; a mass mailing thousands at once.
   */
  LIVE_BURST_THRESHOLD: envPositiveInt.default(DEFAULT_LIVE_BURST_THRESHOLD),
  /** Seconds CarrotQuest is asked to wait when Redis is unavailable. */
  RETRY_AFTER_SECONDS: envPositiveInt.default(30),
  /** Express `trust proxy` (hops), when ingress runs behind a load balancer. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
});

export type IngressConfig = z.infer<typeof ingressEnv> & { ingressHost: string };

export function loadIngressConfig(env: Record<string, string | undefined>): IngressConfig {
  const config = loadConfig(ingressEnv, env);
  return {
    ...config,
    ingressHost: listenHostFrom(config.INGRESS_HOST, config.NODE_ENV),
  };
}
