import type { Request } from 'express';
import { redactDeliveryRecord } from '@carrot-bridge/delivery-log';
import type { IngressDeps } from './ingress-deps';
import { ANSWERS, type AnswerStatus } from './webhook-answers';
import type { RequestWithRawBody, WebhookLocals } from './webhook-locals';

/** Writes an answered delivery of a known integration to the delivery log (after the answer; a failure is only logged). */
export function createDeliveryRecorder(deps: Pick<IngressDeps, 'deliveryLog' | 'logger'>) {
  const notWritten = (error: Error) => deps.logger.debug('delivery log not written', { reason: error.message });
  return (req: Request, locals: Partial<WebhookLocals>, status: AnswerStatus, extra: Record<string, unknown>): void => {
    if (!deps.deliveryLog || !locals.entry) return;
    // Where the integration has a token, only deliveries that carried it are listed: the rest are
    // counted, so a flood of them cannot push real deliveries out of the log.
    if (locals.entry.tokenHash && !locals.authenticated) {
      deps.deliveryLog
        .countUnauthenticated(locals.entry.integrationId, status, new Date().toISOString())
        .catch(notWritten);
      return;
    }
    const problem =
      ANSWERS[status] >= 300 || status === 'ignored' ? String(extra.message ?? extra.reason ?? status) : null;
    const secrets = locals.verifiedToken ? [locals.verifiedToken] : [];
    // A field the ingress read (`type`, `event_name`) may quote the token back: every text is redacted.
    const record = redactDeliveryRecord(
      {
        at: new Date().toISOString(),
        httpStatus: ANSWERS[status],
        status,
        kind: locals.facts?.kind ?? null,
        eventName: locals.facts?.eventName ?? null,
        conversationId: locals.facts?.conversationId ?? null,
        problem,
      },
      secrets,
    );
    const raw = (req as RequestWithRawBody).rawBody;
    const body = raw
      ? {
          body: raw,
          contentType: req.get('content-type') ?? null,
          understood: locals.understood,
          secrets,
        }
      : undefined;
    deps.deliveryLog.record(locals.entry.integrationId, record, body).catch(notWritten);
  };
}
