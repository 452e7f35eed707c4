import type { NextFunction, Request, Response } from 'express';

/** What every page of the console allows: nothing from elsewhere, no plugins, no framing. */
const COMMON_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The settings page: our own script and stylesheet only, never framed. */
export const PAGE_CONTENT_SECURITY_POLICY = [...COMMON_DIRECTIVES, "style-src 'self'"].join('; ');

/**
 * Bull Board's bundled UI: inline styles (its loading screen and React's), its own scripts, and nothing
 * from another origin. Its page links Google Fonts; LocalOnlyBullBoardAdapter takes that link out and
 * the board falls back to the system's fonts, so an operator's browser tells no one else it opened it.
 */
export const BULL_BOARD_CONTENT_SECURITY_POLICY = [
  ...COMMON_DIRECTIVES,
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
].join('; ');

/**
 * Headers every console answer carries: no framing (clickjacking), no MIME sniffing, no referrer to
 * other sites. `policy` is the Content-Security-Policy of what is served below this point.
 */
export function securityHeaders(policy: string = PAGE_CONTENT_SECURITY_POLICY) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  };
}

/** API answers hold webhook URLs (secrets): no browser or proxy may keep them. */
export function noStore() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * No `X-Powered-By` on any answer. Express sets it per app, and Bull Board's adapter mounts an Express
 * app of its own with the default on, so it is removed just before the head is written, whoever set it.
 */
export function withoutPoweredBy() {
  return (_req: Request, res: Response, next: NextFunction) => {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      res.removeHeader('X-Powered-By');
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}
