import type { Request, Response } from 'express';
import { askForBasicAuth } from '../basic-auth';

export const SIGN_IN_PATH = '/sign-in';

/** Where the API and Bull Board live: never a page, whatever their paths look like. */
const NOT_PAGES = /^\/(?:api|admin)(?:\/|$)/;

/**
 * A browser opening one of the console's pages (not the API, not Bull Board, not a script or style).
 * Read from the whole URL: inside a mounted router `req.path` is relative to the mount (`/api/` is '/').
 */
export function isPageRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.originalUrl.split('?')[0]!;
  if (NOT_PAGES.test(path)) return false;
  return path === '/' || path.endsWith('.html');
}

/** A fetch from our own page (not a navigation, not a script): its 401 must not pop up the browser's login box. */
function isOwnPageFetch(req: Request): boolean {
  return req.get('sec-fetch-site') === 'same-origin' && req.get('sec-fetch-dest') === 'empty';
}

/**
 * The answer to a request that needs credentials and has none: a page goes to the sign-in page (302);
 * anything else gets 401. Scripts and Bull Board are also told they may use basic auth (the operator's);
 * the page's own fetches are not, so an ended session leads to the sign-in page, not the browser's
 * login box.
 */
export function answerUnauthenticated(req: Request, res: Response): void {
  if (isPageRequest(req)) {
    res.redirect(302, SIGN_IN_PATH);
    return;
  }
  if (isOwnPageFetch(req)) {
    res.status(401).json({ status: 'unauthorized', message: 'Войдите снова' });
    return;
  }
  askForBasicAuth(res);
}
