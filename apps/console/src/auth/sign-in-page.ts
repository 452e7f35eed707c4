import { Router, type Request, type Response } from 'express';
import { principalOf } from './principal';
import { requireAccess } from './route-access';
import { pageFromStatic } from '../page/page-html';
import { STATIC_DIR } from '../page/static-dir';
import { SIGN_IN_PATH } from './unauthenticated-answer';

/** Where the operator opens the page with the basic-auth password (CONSOLE_USER / CONSOLE_PASSWORD). */
export const OPERATOR_SIGN_IN_PATH = '/operator';

/** What a browser without credentials may load: the sign-in page and what it needs, nothing else of the page. */
const PUBLIC_FILES: ReadonlyArray<[path: string, file: string]> = [
  ['/sign-in.js', 'sign-in.js'],
  ['/api.js', 'api.js'],
  ['/dom.js', 'dom.js'],
  ['/style.css', 'style.css'],
  ['/sign-in.css', 'sign-in.css'],
  // Every page's tab icon, the sign-in and invitation pages' too.
  ['/favicon.svg', 'favicon.svg'],
];

/**
 * The sign-in page (`/sign-in`): public, as are its module and the stylesheet. Someone already signed
 * in goes on to the integration page. Cached like the other pages: `no-cache` with an ETag.
 */
export function signInPage(): Router {
  const router = Router();
  const page = pageFromStatic('sign-in.html');
  router.get(SIGN_IN_PATH, requireAccess({ kind: 'public' }), (_req: Request, res: Response) => {
    if (principalOf(res) !== null) return res.redirect(302, '/');
    page(res);
  });
  for (const [path, file] of PUBLIC_FILES) {
    router.get(path, requireAccess({ kind: 'public' }), (_req: Request, res: Response) => {
      res.sendFile(file, { root: STATIC_DIR, cacheControl: false, headers: { 'Cache-Control': 'no-cache' } });
    });
  }
  // The operator's way onto the page: their browser is asked for the basic-auth password here (a
  // 401 challenge, which the sign-in page never gives), then sent on. The browser keeps sending it for
  // every path below `/` (RFC 7617 §2.2), so the page and its API calls carry it from then on.
  router.get(OPERATOR_SIGN_IN_PATH, requireAccess({ kind: 'operator' }), (_req: Request, res: Response) => {
    res.redirect(302, '/');
  });
  return router;
}
