import type { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { Logger } from '@carrot-bridge/logging';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import type { WebhookDirectory } from '@carrot-bridge/webhook-directory';
import type { KeyRateLimiter } from './key-rate-limiter';
import type { AnswerStatus } from './webhook-answers';

export interface IngressDeps {
  directory: Pick<WebhookDirectory, 'lookup'>;
  producer: Pick<ChatImportProducer, 'enqueue' | 'ping'>;
  /** Per webhook key, for authenticated deliveries: a customer's real chats. */
  rateLimiter: KeyRateLimiter;
  /** Per webhook key, for deliveries refused for their token: its own bucket, so a flood cannot starve the integration. */
  failureRateLimiter: KeyRateLimiter;
  logger: Logger;
  acceptedEventNames: readonly string[];
  bodyLimitBytes: number;
  retryAfterSeconds: number;
  trustProxyHops?: number;
  /** Observes every webhook answer (metrics). */
  onAnswer?: (status: AnswerStatus) => void;
  /** The keyed digest the directory stores for a webhook token (WebhookDirectoryDigests.token). */
  tokenDigest: (token: string) => string;
  /** Whether the directory in Redis is whole (not lost to a flush or failover); /readyz reports it. */
  directoryComplete?: () => Promise<boolean>;
  /**
   * Where each answered delivery of a known integration is written (after the answer, never delaying it).
   * Deliveries to an integration with a token that were not authenticated are only counted there.
   */
  deliveryLog?: Pick<DeliveryLog, 'record' | 'countUnauthenticated'>;
}
