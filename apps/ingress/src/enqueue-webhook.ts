import type { Request, Response } from 'express';
import { decideWebhookImport } from '@carrot-bridge/domain';
import type { IngressDeps } from './ingress-deps';
import type { WebhookLocals } from './webhook-locals';
import type { WebhookReply } from './webhook-reply';

/**
 * Asks the domain what the delivery imports and answers it: 400 unreadable, 200 ignored (also for a
 * switched-off integration), 200 queued / duplicate once the job is durably in Redis, or 503 so
 * CarrotQuest sends it again.
 */
export function enqueueWebhook(deps: Pick<IngressDeps, 'acceptedEventNames' | 'producer'>, reply: WebhookReply) {
  return async (req: Request, res: Response) => {
    const locals = res.locals as WebhookLocals;
    const decision = decideWebhookImport(locals.understood?.fields ?? req.body, deps.acceptedEventNames);
    locals.facts = decision.facts;
    switch (decision.action) {
      case 'refuse':
        return reply(
          req,
          res,
          'invalid_webhook',
          { message: decision.problem, ...(decision.searched ? { searched: decision.searched } : {}) },
          { problem: decision.problem },
        );
      case 'ignore':
        return reply(
          req,
          res,
          'ignored',
          { reason: decision.reason },
          decision.facts.eventName ? { eventName: decision.facts.eventName } : {},
        );
      case 'enqueue':
        break;
    }
    if (!locals.entry.active) return reply(req, res, 'ignored', { reason: 'integration is switched off' });

    const { request } = decision;
    const log = { eventId: request.eventId, conversationId: request.conversationId };
    try {
      const outcome = await deps.producer.enqueue({
        integrationId: locals.entry.integrationId,
        ...request,
        receivedAt: new Date().toISOString(),
      });
      return reply(req, res, outcome, { eventId: request.eventId }, log);
    } catch (error) {
      return reply(
        req,
        res,
        'queue_unavailable',
        { message: 'The webhook could not be queued, retry later' },
        { ...log, reason: (error as Error).message },
      );
    }
  };
}
