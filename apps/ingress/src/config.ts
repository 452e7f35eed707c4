import { commonEnv, envList, envPort, envPositiveInt, loadConfig, z } from '@carrot-bridge/config';
import { QUESTION_RESOLVED_EVENT } from '@carrot-bridge/domain';

const ingressEnv = commonEnv.extend({
  INGRESS_PORT: envPort.default(3001),
  INGRESS_HOST: z.string().default('0.0.0.0'),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('cb'),
  /** Event names that mean "import this conversation"; others are answered `ignored`. */
  ACCEPTED_EVENT_NAMES: envList.default([QUESTION_RESOLVED_EVENT]),
  /**
   * 64 KiB: the fixture webhook is 1.6 KiB; user props are capped by CarrotQuest at 255 characters
   * each, so even a user with many props stays far below. Larger bodies are not CarrotQuest's.
   */
  WEBHOOK_BODY_LIMIT_BYTES: envPositiveInt.default(64 * 1024),
  /** Sustained webhooks per second per integration, and the burst allowed above it. */
  RATE_LIMIT_PER_SECOND: envPositiveInt.default(50),
  RATE_LIMIT_BURST: envPositiveInt.default(200),
  /** Seconds CarrotQuest is asked to wait when Redis is unavailable. */
  RETRY_AFTER_SECONDS: envPositiveInt.default(30),
  /** Express `trust proxy` (hops), when ingress runs behind a load balancer. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
});

export type IngressConfig = z.infer<typeof ingressEnv>;

export function loadIngressConfig(env: Record<string, string | undefined>): IngressConfig {
  return loadConfig(ingressEnv, env);
}
