import express, { type NextFunction, type Request, type Response } from 'express';
import type { UnderstoodBody } from '@carrot-bridge/delivery-log';
import { parseExactJson } from '@carrot-bridge/domain';
import { decodeBase64Body } from './decode-base64-body';
import type { RequestWithRawBody, WebhookLocals } from './webhook-locals';
import type { WebhookReply } from './webhook-reply';

const ACCEPTED_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

/** 415 for a body that is neither form fields nor JSON, before a byte of it is read. */
export function requireWebhookContentType(reply: WebhookReply) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(ACCEPTED_TYPES)) {
      return reply(
        req,
        res,
        'unsupported_media_type',
        { message: `Content-Type must be one of ${ACCEPTED_TYPES.join(', ')}` },
        { contentType: req.get('content-type') ?? null },
      );
    }
    next();
  };
}

/** The body as the parsers read it: base64 decoded first when it is entirely base64. */
function understand(req: Request): UnderstoodBody | undefined {
  const decoded = decodeBase64Body((req as RequestWithRawBody).rawBody, req.body);
  if (decoded) return decoded;
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return { encoding: req.is('application/json') ? 'json' : 'form', fields: body as Record<string, unknown> };
}

/**
 * Reads the body (form fields, or JSON with parseExactJson so ids past 2^53 keep their digits), keeps
 * it raw for the delivery log, and puts the fields as understood in `res.locals.understood`. Read
 * errors go to the error handler (body-error-answers).
 */
export function readWebhookBody(bodyLimitBytes: number) {
  const keepRawBody = (req: Request, _res: Response, buffer: Buffer) =>
    void ((req as RequestWithRawBody).rawBody = buffer);
  const bodyOptions = { limit: bodyLimitBytes, type: () => true, verify: keepRawBody };
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
  return (req: Request, res: Response, next: NextFunction) => {
    const understood = (error?: unknown) => {
      if (error) return next(error);
      (res.locals as Partial<WebhookLocals>).understood = understand(req);
      next();
    };
    return req.is('application/json') ? exactJson(req, res, understood) : readForm(req, res, understood);
  };
}
