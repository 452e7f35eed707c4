import type { Request, Response } from 'express';
import { redactSecretsInText } from '@carrot-bridge/delivery-log';
import { createDeliveryRecorder } from './delivery-recorder';
import type { IngressDeps } from './ingress-deps';
import { ThrottledWarning } from './throttled-warning';
import { answer, ANSWERS, type AnswerStatus } from './webhook-answers';
import type { WebhookLocals } from './webhook-locals';

/** Unknown-key and wrong-token answers are summarised in one warning per interval instead of one line each. */
const FLOOD_WARNING_INTERVAL_MS = 10_000;

/** Answers a webhook: `extra` goes into the answer's body, `log` into the log line only. */
export type WebhookReply = (
  req: Request,
  res: Response,
  status: AnswerStatus,
  extra?: Record<string, unknown>,
  log?: Record<string, unknown>,
) => void;

/** The log fields with the token the delivery was authenticated with taken out of every text (a field may quote it back). */
function withoutSecrets(log: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
  if (!token) return log;
  return Object.fromEntries(
    Object.entries(log).map(([name, value]) => [
      name,
      typeof value === 'string' ? redactSecretsInText(value, [token]) : value,
    ]),
  );
}

/**
 * The one way a webhook is answered: counted (metrics), logged at the answer's level, given its
 * Retry-After where CarrotQuest should come back, then recorded in the delivery log.
 */
export function createWebhookReply(
  deps: Pick<IngressDeps, 'logger' | 'onAnswer' | 'retryAfterSeconds' | 'deliveryLog'>,
): WebhookReply {
  const unknownKeys = new ThrottledWarning(FLOOD_WARNING_INTERVAL_MS, (count) =>
    deps.logger.warn(
      'webhooks with an unknown key answered 404 (a deleted integration, an old URL, or someone guessing)',
      { count, sinceLastWarning: true },
    ),
  );
  // Anyone who knows a webhook URL can send wrong tokens by the thousand: summarised per integration.
  const unauthenticated = new ThrottledWarning(FLOOD_WARNING_INTERVAL_MS, (count, byIntegration) =>
    deps.logger.warn(
      "webhooks without the integration's token refused (wrong or missing token, its rate limit spent, or an unreadable body)",
      {
        count,
        byIntegration,
        sinceLastWarning: true,
      },
    ),
  );
  const recordDelivery = createDeliveryRecorder(deps);
  return (req, res, status, extra = {}, log = {}) => {
    deps.onAnswer?.(status);
    const locals = res.locals as Partial<WebhookLocals>;
    const refusedUnauthenticated =
      ANSWERS[status] >= 400 && ANSWERS[status] < 500 && !!locals.entry?.tokenHash && !locals.authenticated;
    const level =
      ANSWERS[status] >= 500
        ? 'error'
        : status === 'unknown_webhook_key' || refusedUnauthenticated
          ? 'debug'
          : ANSWERS[status] >= 400
            ? 'warn'
            : 'info';
    if (status === 'unknown_webhook_key') unknownKeys.note();
    else if (refusedUnauthenticated) unauthenticated.note(locals.entry?.integrationId);
    // winston formats (redacts, stamps, serialises) every line before its level is looked at: a line
    // nobody will see is not even built.
    if (deps.logger.isLevelEnabled(level)) {
      deps.logger.log(level, 'webhook answered', {
        answer: status,
        httpStatus: ANSWERS[status],
        integrationId: locals.entry?.integrationId,
        durationMs: locals.started ? Date.now() - locals.started : undefined,
        ...withoutSecrets(log, locals.verifiedToken),
      });
    }
    if (status === 'queue_unavailable' || status === 'rate_limited') {
      res.setHeader('Retry-After', String(status === 'rate_limited' ? 1 : deps.retryAfterSeconds));
    }
    answer(res, status, extra);
    recordDelivery(req, locals, status, extra);
  };
}
