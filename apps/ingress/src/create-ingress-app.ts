import express, { type Request, type Response } from 'express';
import { authenticateDelivery, limitIntegrationRate } from './authenticate-delivery';
import { bodyErrorAnswers } from './body-error-answers';
import { enqueueWebhook } from './enqueue-webhook';
import type { IngressDeps } from './ingress-deps';
import { readWebhookBody, requireWebhookContentType } from './read-webhook-body';
import { refuseOversizedBody } from './refuse-oversized-body';
import { resolveWebhookKey } from './resolve-webhook-key';
import { createWebhookReply } from './webhook-reply';

export type { IngressDeps } from './ingress-deps';

/**
 * The webhook edge. Order of checks, cheapest first, and authentication before any per-integration
 * limit: the key (404) -> declared size (413) -> content type (415) -> body read (413/400) ->
 * CarrotQuest's token (401; wrong tokens have their own rate limit, 429) -> the integration's rate
 * limit (429) -> event shape (400) -> relevance (200 ignored) -> durable enqueue (200 queued/duplicate,
 * or 503 so CarrotQuest retries). A stranger's flood thus never spends the integration's own limit.
 * Nothing here touches PostgreSQL.
 */
export function createIngressApp(deps: IngressDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Answers are small JSON to POSTs: an ETag (a hash of every body) serves no cache.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  const reply = createWebhookReply(deps);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const redis = await deps.producer.ping();
    // A lost directory would turn valid webhooks into 404s: not ready until it is republished.
    const directory = redis && deps.directoryComplete ? await deps.directoryComplete().catch(() => false) : redis;
    const ready = redis && directory;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      redis: redis ? 'up' : 'down',
      directory: directory ? 'complete' : 'incomplete',
    });
  });

  app.post(
    '/webhooks/carrotquest/:webhookKey',
    refuseOversizedBody(deps.bodyLimitBytes, (req, res) =>
      reply(req, res, 'payload_too_large', { message: `The body is larger than ${deps.bodyLimitBytes} bytes` }),
    ),
    resolveWebhookKey(deps, reply),
    requireWebhookContentType(reply),
    readWebhookBody(deps.bodyLimitBytes),
    authenticateDelivery(deps, reply),
    limitIntegrationRate(deps, reply),
    enqueueWebhook(deps, reply),
  );

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ status: 'not_found', message: 'No such endpoint' });
  });
  app.use(bodyErrorAnswers(deps.bodyLimitBytes, reply));
  return app;
}
