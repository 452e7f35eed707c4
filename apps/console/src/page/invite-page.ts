import { Router, type Request, type Response } from 'express';
import { requireAccess } from '../auth/route-access';
import { STATIC_DIR } from './static-dir';

/**
 * What someone holding an invitation or reset link may load without being signed in: the page and its
 * module. The shared modules it imports and the stylesheets are the sign-in page's public files
 * (auth/sign-in-page.ts). Cached like the other pages: `no-cache` with an ETag.
 */
const PUBLIC_FILES = ['invite.html', 'invite.js'] as const;

/** `/invite.html#<token>` (people/invitation-link.ts makes the links). */
export function invitePage(): Router {
  const router = Router();
  for (const file of PUBLIC_FILES) {
    router.get(`/${file}`, requireAccess({ kind: 'public' }), (_req: Request, res: Response) => {
      res.sendFile(file, { root: STATIC_DIR, cacheControl: false, headers: { 'Cache-Control': 'no-cache' } });
    });
  }
  return router;
}
