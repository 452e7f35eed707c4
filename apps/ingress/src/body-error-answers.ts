import type { NextFunction, Request, Response } from 'express';
import type { WebhookReply } from './webhook-reply';

/** Body-parser errors carry a `type`; everything else is ours and must not leak details. */
export function bodyErrorAnswers(bodyLimitBytes: number, reply: WebhookReply) {
  return (
    error: { type?: string; status?: number; message?: string },
    req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    switch (error.type) {
      case 'entity.too.large':
        return reply(req, res, 'payload_too_large', { message: `The body is larger than ${bodyLimitBytes} bytes` });
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
          return reply(
            req,
            res,
            'invalid_webhook',
            { message: 'The request could not be read' },
            { reason: error.message },
          );
        }
        return reply(req, res, 'internal_error', { message: 'Internal error' }, { reason: error.message });
    }
  };
}
