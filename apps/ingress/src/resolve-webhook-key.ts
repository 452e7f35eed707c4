import type { NextFunction, Request, Response } from 'express';
import { hashSecret, isWellFormedWebhookKey } from '@carrot-bridge/secrets';
import type { WebhookDirectoryEntry } from '@carrot-bridge/webhook-directory';
import type { IngressDeps } from './ingress-deps';
import type { WebhookReply } from './webhook-reply';

/** The integration of the URL's webhook key, from the directory in Redis: 404 for no integration, 503 when Redis cannot say. */
export function resolveWebhookKey(deps: Pick<IngressDeps, 'directory'>, reply: WebhookReply) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.started = Date.now();
    const key = String(req.params.webhookKey ?? '');
    // A malformed key is as unknown as a wrong one; answering the same way leaks nothing.
    if (!isWellFormedWebhookKey(key))
      return reply(req, res, 'unknown_webhook_key', { message: 'No integration has this webhook URL' });
    const keyHash = hashSecret(key);
    let entry: WebhookDirectoryEntry | null;
    try {
      entry = await deps.directory.lookup(keyHash);
    } catch (error) {
      return reply(
        req,
        res,
        'queue_unavailable',
        { message: 'Temporarily unavailable, retry later' },
        { reason: (error as Error).message },
      );
    }
    if (!entry) return reply(req, res, 'unknown_webhook_key', { message: 'No integration has this webhook URL' });
    res.locals.entry = entry;
    res.locals.keyHash = keyHash;
    // An integration without a token has the URL key as its only secret: knowing it is authentication.
    res.locals.authenticated = !entry.tokenHash;
    next();
  };
}
