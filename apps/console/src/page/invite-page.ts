import { Router, type Request, type Response } from 'express';
import { requireAccess } from '../auth/route-access';
import { pageFromStatic } from './page-html';
import { STATIC_DIR } from './static-dir';

/**
 * What someone holding an invitation or reset link may load without being signed in: the page and its
 * module. The shared modules it imports and the stylesheets are the sign-in page's public files
 * (auth/sign-in-page.ts). Cached like the other pages: `no-cache` with an ETag. The page is
 * `/invite.html#<token>` (people/invitation-link.ts makes the links).
 */
export function invitePage(): Router {
  const router = Router();
  const page = pageFromStatic('invite.html');
  router.get('/invite.html', requireAccess({ kind: 'public' }), (_req: Request, res: Response) => page(res));
  router.get('/invite.js', requireAccess({ kind: 'public' }), (_req: Request, res: Response) => {
    res.sendFile('invite.js', { root: STATIC_DIR, cacheControl: false, headers: { 'Cache-Control': 'no-cache' } });
  });
  return router;
}
