import express, { type NextFunction, type Request, type Response } from 'express';
import type { DeliveryLog, DeliveryRecord, UnderstoodBody } from '@carrot-bridge/delivery-log';
import { CONVERSATION_ID_PLACES, parseCarrotQuestWebhook, parseExactJson } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import type { WebhookDirectory, WebhookDirectoryEntry } from '@carrot-bridge/webhook-directory';
import { hashSecret, isWellFormedWebhookKey, secretsEqual } from '@carrot-bridge/secrets';
import type { KeyRateLimiter } from './key-rate-limiter';
import { decodeBase64Body } from './decode-base64-body';
import { refuseOversizedBody } from './refuse-oversized-body';
import { ThrottledWarning } from './throttled-warning';

/** Unknown-key answers are summarised in one warning per interval instead of one line each. */
const UNKNOWN_KEY_WARNING_INTERVAL_MS = 10_000;
import { answer, ANSWERS, type AnswerStatus } from './webhook-answers';

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

/** What the delivery log says of a delivery beyond its answer, gathered while handling it. */
interface DeliveryFacts {
  kind: string | null;
  eventName: string | null;
  conversationId: string | null;
}

interface WebhookLocals {
  entry: WebhookDirectoryEntry;
  keyHash: string;
  started: number;
  facts?: DeliveryFacts;
  /** The body's fields as read (after base64, if any); absent when it could not be read. */
  understood?: UnderstoodBody;
  /** True once the delivery carried the integration's token (or the integration has none: the URL key is the secret). */
  authenticated?: boolean;
  /** The token the delivery was authenticated with, removed from whatever the delivery log keeps. */
  verifiedToken?: string;
}

/** The body exactly as received, kept by the body parsers for the delivery log. */
type RequestWithRawBody = Request & { rawBody?: Buffer };

const ACCEPTED_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

/** The body as the parsers read it: base64 decoded first when it is entirely base64. */
function understand(req: Request): UnderstoodBody | undefined {
  const decoded = decodeBase64Body((req as RequestWithRawBody).rawBody, req.body);
  if (decoded) return decoded;
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return { encoding: req.is('application/json') ? 'json' : 'form', fields: body as Record<string, unknown> };
}

/** The `token` field as CarrotQuest sends it (a non-empty string at the top level), as the domain reads it. */
function tokenOf(understood: UnderstoodBody | undefined): string | null {
  const token = understood && Object.prototype.hasOwnProperty.call(understood.fields, 'token') ? understood.fields.token : undefined;
  return typeof token === 'string' && token !== '' ? token : null;
}

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

  const unknownKeys = new ThrottledWarning(UNKNOWN_KEY_WARNING_INTERVAL_MS, (count) =>
    deps.logger.warn('webhooks with an unknown key answered 404 (a deleted integration, an old URL, or someone guessing)', { count, sinceLastWarning: true }),
  );
  const reply = (req: Request, res: Response, status: AnswerStatus, extra: Record<string, unknown> = {}, log: Record<string, unknown> = {}) => {
    deps.onAnswer?.(status);
    const locals = res.locals as Partial<WebhookLocals>;
    const level = ANSWERS[status] >= 500 ? 'error' : status === 'unknown_webhook_key' ? 'debug' : ANSWERS[status] >= 400 ? 'warn' : 'info';
    if (status === 'unknown_webhook_key') unknownKeys.note();
    // winston formats (redacts, stamps, serialises) every line before its level is looked at: a line
    // nobody will see is not even built.
    if (deps.logger.isLevelEnabled(level)) {
      deps.logger.log(level, 'webhook answered', {
        answer: status,
        httpStatus: ANSWERS[status],
        integrationId: locals.entry?.integrationId,
        durationMs: locals.started ? Date.now() - locals.started : undefined,
        ...log,
      });
    }
    if (status === 'queue_unavailable' || status === 'rate_limited') {
      res.setHeader('Retry-After', String(status === 'rate_limited' ? 1 : deps.retryAfterSeconds));
    }
    answer(res, status, extra);
    if (!deps.deliveryLog || !locals.entry) return;
    // Where the integration has a token, only deliveries that carried it are listed: the rest are
    // counted, so a flood of them cannot push real deliveries out of the log.
    if (locals.entry.tokenHash && !locals.authenticated) {
      deps.deliveryLog.countUnauthenticated(locals.entry.integrationId, status, new Date().toISOString()).catch((error: Error) =>
        deps.logger.debug('delivery log not written', { reason: error.message }),
      );
      return;
    }
    recordDelivery(req, locals, status, extra);
  };

  const recordDelivery = (req: Request, locals: Partial<WebhookLocals>, status: AnswerStatus, extra: Record<string, unknown>) => {
    const problem = ANSWERS[status] >= 300 || status === 'ignored' ? String(extra.message ?? extra.reason ?? status) : null;
    const record: DeliveryRecord = {
      at: new Date().toISOString(),
      httpStatus: ANSWERS[status],
      status,
      kind: locals.facts?.kind ?? null,
      eventName: locals.facts?.eventName ?? null,
      conversationId: locals.facts?.conversationId ?? null,
      problem,
    };
    const raw = (req as RequestWithRawBody).rawBody;
    const body = raw ? { body: raw, contentType: req.get('content-type') ?? null, understood: locals.understood, secrets: locals.verifiedToken ? [locals.verifiedToken] : [] } : undefined;
    deps.deliveryLog!.record(locals.entry!.integrationId, record, body).catch((error: Error) =>
      deps.logger.debug('delivery log not written', { reason: error.message }),
    );
  };

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const redis = await deps.producer.ping();
    // A lost directory would turn valid webhooks into 404s: not ready until it is republished.
    const directory = redis && deps.directoryComplete ? await deps.directoryComplete().catch(() => false) : redis;
    const ready = redis && directory;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', redis: redis ? 'up' : 'down', directory: directory ? 'complete' : 'incomplete' });
  });

  const resolveKey = async (req: Request, res: Response, next: NextFunction) => {
    res.locals.started = Date.now();
    const key = String(req.params.webhookKey ?? '');
    // A malformed key is as unknown as a wrong one; answering the same way leaks nothing.
    if (!isWellFormedWebhookKey(key)) return reply(req, res, 'unknown_webhook_key', { message: 'No integration has this webhook URL' });
    const keyHash = hashSecret(key);
    let entry: WebhookDirectoryEntry | null;
    try {
      entry = await deps.directory.lookup(keyHash);
    } catch (error) {
      return reply(req, res, 'queue_unavailable', { message: 'Temporarily unavailable, retry later' }, { reason: (error as Error).message });
    }
    if (!entry) return reply(req, res, 'unknown_webhook_key', { message: 'No integration has this webhook URL' });
    res.locals.entry = entry;
    res.locals.keyHash = keyHash;
    // An integration without a token has the URL key as its only secret: knowing it is authentication.
    res.locals.authenticated = !entry.tokenHash;
    if (!req.is(ACCEPTED_TYPES)) {
      return reply(req, res, 'unsupported_media_type', { message: `Content-Type must be one of ${ACCEPTED_TYPES.join(', ')}` }, { contentType: req.get('content-type') ?? null });
    }
    next();
  };

  const handleWebhook = async (req: Request, res: Response) => {
    const locals = res.locals as WebhookLocals;
    const { entry, keyHash } = locals;
    const understood = understand(req);
    locals.understood = understood;
    // The token is checked before anything else is revealed about the integration (active or not), and
    // on the fields as understood (a base64 body's token is inside it).
    if (entry.tokenHash) {
      const token = tokenOf(understood);
      if (!(token && secretsEqual(deps.tokenDigest(token), entry.tokenHash))) {
        if (!deps.failureRateLimiter.take(keyHash)) return reply(req, res, 'rate_limited', { message: 'Too many webhooks with a wrong token, retry later' });
        return reply(req, res, 'invalid_token', { message: 'The webhook token does not match the one configured for this integration' });
      }
      locals.authenticated = true;
      locals.verifiedToken = token;
    }
    if (!deps.rateLimiter.take(keyHash)) return reply(req, res, 'rate_limited', { message: 'Too many webhooks for this integration, retry later' });
    const parsed = parseCarrotQuestWebhook(understood?.fields ?? req.body);
    if (parsed.kind === 'invalid') return reply(req, res, 'invalid_webhook', { message: parsed.problem }, { problem: parsed.problem });
    if (parsed.kind === 'not-an-event') {
      locals.facts = { kind: parsed.type, eventName: null, conversationId: null };
      return reply(req, res, 'ignored', { reason: `not an event webhook (${parsed.type})` });
    }
    let wanted: { conversationId: string; carrotUserId: string | null; eventId: string };
    if (parsed.kind === 'conversation-part') {
      // The per-message chat webhook: one delivery per message; the conversation is imported once it is closed.
      const { part } = parsed;
      locals.facts = { kind: 'conversation', eventName: null, conversationId: part.conversationId };
      if (!part.conversationClosed) return reply(req, res, 'ignored', { reason: 'the conversation is not closed yet (conversation_closed is not true)' });
      wanted = { conversationId: part.conversationId, carrotUserId: part.carrotUserId, eventId: `part-${part.partId}` };
    } else {
      const { event } = parsed;
      locals.facts = { kind: 'event', eventName: event.eventName, conversationId: event.conversationId };
      if (!deps.acceptedEventNames.includes(event.eventName)) {
        return reply(req, res, 'ignored', { reason: `event ${event.eventName} is not imported` }, { eventName: event.eventName });
      }
      if (!event.conversationId) {
        const message = `no conversation id in the delivery: searched ${CONVERSATION_ID_PLACES.join(', ')}`;
        return reply(req, res, 'invalid_webhook', { message, searched: CONVERSATION_ID_PLACES }, { problem: message });
      }
      wanted = { conversationId: event.conversationId, carrotUserId: event.carrotUserId, eventId: event.eventId };
    }
    if (!entry.active) return reply(req, res, 'ignored', { reason: 'integration is switched off' });

    const log = { eventId: wanted.eventId, conversationId: wanted.conversationId };
    try {
      const outcome = await deps.producer.enqueue({ integrationId: entry.integrationId, ...wanted, receivedAt: new Date().toISOString() });
      return reply(req, res, outcome, { eventId: wanted.eventId }, log);
    } catch (error) {
      return reply(req, res, 'queue_unavailable', { message: 'The webhook could not be queued, retry later' }, { ...log, reason: (error as Error).message });
    }
  };

  // The raw body is kept for the delivery log; a JSON body is parsed with parseExactJson (ids past 2^53 keep their digits).
  const keepRawBody = (req: Request, _res: Response, buffer: Buffer) => void ((req as RequestWithRawBody).rawBody = buffer);
  const bodyOptions = { limit: deps.bodyLimitBytes, type: () => true, verify: keepRawBody };
  // The parsers are built once (each express.text / express.urlencoded call compiles its options).
  const readText = express.text({ ...bodyOptions, defaultCharset: 'utf-8' });
  const readForm = express.urlencoded({ ...bodyOptions, extended: false, parameterLimit: 100 });
  const exactJson = (req: Request, res: Response, next: NextFunction) =>
    readText(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        req.body = parseExactJson(String(req.body ?? ''));
      } catch {
        return next(Object.assign(new Error('invalid JSON'), { type: 'entity.parse.failed', status: 400 }));
      }
      next();
    });
  app.post(
    '/webhooks/carrotquest/:webhookKey',
    refuseOversizedBody(deps.bodyLimitBytes, (req, res) => reply(req, res, 'payload_too_large', { message: `The body is larger than ${deps.bodyLimitBytes} bytes` })),
    resolveKey,
    (req, res, next) => (req.is('application/json') ? exactJson(req, res, next) : readForm(req, res, next)),
    handleWebhook,
  );

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ status: 'not_found', message: 'No such endpoint' });
  });

  // Body-parser errors carry a `type`; everything else is ours and must not leak details.
  app.use((error: { type?: string; status?: number; message?: string }, req: Request, res: Response, _next: NextFunction) => {
    switch (error.type) {
      case 'entity.too.large':
        return reply(req, res, 'payload_too_large', { message: `The body is larger than ${deps.bodyLimitBytes} bytes` });
      case 'entity.parse.failed':
        return reply(req, res, 'invalid_webhook', { message: 'The body is not valid JSON' });
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return reply(req, res, 'unsupported_media_type', { message: 'Unsupported charset or content encoding' });
      case 'parameters.too.many':
        return reply(req, res, 'invalid_webhook', { message: 'Too many form fields' });
      case 'request.aborted':
        return;
      default:
        if (error.status && error.status >= 400 && error.status < 500) {
          return reply(req, res, 'invalid_webhook', { message: 'The request could not be read' }, { reason: error.message });
        }
        return reply(req, res, 'internal_error', { message: 'Internal error' }, { reason: error.message });
    }
  });
  return app;
}
