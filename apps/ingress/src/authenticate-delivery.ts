import type { NextFunction, Request, Response } from 'express';
import type { UnderstoodBody } from '@carrot-bridge/delivery-log';
import { secretsEqual } from '@carrot-bridge/secrets';
import type { IngressDeps } from './ingress-deps';
import type { WebhookLocals } from './webhook-locals';
import type { WebhookReply } from './webhook-reply';

/** The `token` field as CarrotQuest sends it (a non-empty string at the top level), as the domain reads it. */
function tokenOf(understood: UnderstoodBody | undefined): string | null {
  const token =
    understood && Object.prototype.hasOwnProperty.call(understood.fields, 'token')
      ? understood.fields.token
      : undefined;
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * CarrotQuest's token, where the integration has one: 401 without it, and wrong tokens spend their own
 * rate limit (429), never the integration's. Checked before anything else is revealed about the
 * integration (active or not), on the fields as understood (a base64 body's token is inside it).
 */
export function authenticateDelivery(
  deps: Pick<IngressDeps, 'tokenDigest' | 'failureRateLimiter'>,
  reply: WebhookReply,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as WebhookLocals;
    if (locals.entry.tokenHash) {
      const token = tokenOf(locals.understood);
      if (!(token && secretsEqual(deps.tokenDigest(token), locals.entry.tokenHash))) {
        if (!deps.failureRateLimiter.take(locals.keyHash))
          return reply(req, res, 'rate_limited', { message: 'Too many webhooks with a wrong token, retry later' });
        return reply(req, res, 'invalid_token', {
          message: 'The webhook token does not match the one configured for this integration',
        });
      }
      locals.authenticated = true;
      locals.verifiedToken = token;
    }
    next();
  };
}

/** The integration's own rate limit (429), spent by authenticated deliveries only. */
export function limitIntegrationRate(deps: Pick<IngressDeps, 'rateLimiter'>, reply: WebhookReply) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!deps.rateLimiter.take((res.locals as WebhookLocals).keyHash))
      return reply(req, res, 'rate_limited', { message: 'Too many webhooks for this integration, retry later' });
    next();
  };
}
