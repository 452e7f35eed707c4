import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@carrot-bridge/logging';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a state-changing request was refused as not coming from the console's own page. */
export type CrossSiteVerdict = { allowed: true } | { allowed: false; reason: string };

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Decides whether a state-changing request may come from where it says it comes from. Browsers attach
 * basic-auth credentials to any request to the console, including ones a page on another site makes
 * (an auto-submitting form); what they cannot forge is `Sec-Fetch-Site` and `Origin`.
 * - `Sec-Fetch-Site` present (every current browser): only `same-origin` passes.
 * - otherwise `Origin` present: its host must be the host the request was sent to.
 * - neither (curl, the CLI, `pnpm demo`, server-to-server): allowed; no browser is involved, so no
 *   one else's credentials are being borrowed.
 */
export function judgeCrossSite(
  method: string,
  headers: { secFetchSite?: string | undefined; origin?: string | undefined; host?: string | undefined },
): CrossSiteVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { allowed: true };
  if (headers.secFetchSite) {
    return headers.secFetchSite === 'same-origin'
      ? { allowed: true }
      : { allowed: false, reason: `Sec-Fetch-Site: ${headers.secFetchSite}` };
  }
  if (headers.origin !== undefined) {
    // "null" is what sandboxed frames and some redirects send: never our page.
    const originHost = headers.origin === 'null' ? null : hostOf(headers.origin);
    if (!originHost || !headers.host || originHost !== headers.host.toLowerCase())
      return { allowed: false, reason: `Origin: ${headers.origin}` };
  }
  return { allowed: true };
}

/** Refuses cross-site state-changing requests (API and Bull Board) with 403 before anything runs. */
export function crossSiteRequestGuard(logger?: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const verdict = judgeCrossSite(req.method, {
      secFetchSite: req.get('sec-fetch-site'),
      origin: req.get('origin'),
      host: req.get('host'),
    });
    if (verdict.allowed) return next();
    logger?.warn('console: cross-site request refused', { method: req.method, path: req.path, reason: verdict.reason });
    res.status(403).json({ status: 'cross_site_request', message: 'Запрос с другого сайта отклонён' });
  };
}
