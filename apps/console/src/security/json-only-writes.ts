import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/** By the header alone: an empty form post still says what it is (`req.is` answers null without a body). */
function isJson(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * The JSON API takes JSON or nothing. An HTML form can send `text/plain`, `multipart/form-data` or
 * `application/x-www-form-urlencoded` to another site without asking; `application/json` from another
 * origin needs a CORS preflight we never grant. So a write carrying any other content type, or a body
 * without one, is refused (415) before a route sees it.
 */
export function jsonOnlyWrites() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const contentType = req.get('content-type');
    if (contentType === undefined ? !hasBody(req) : isJson(contentType)) return next();
    res.status(415).json({
      status: 'unsupported_media_type',
      message: 'API принимает только JSON: заголовок «Content-Type: application/json»',
    });
  };
}
