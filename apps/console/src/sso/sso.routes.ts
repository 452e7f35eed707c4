import { Router, type Request, type Response } from 'express';
import type { Logger } from '@carrot-bridge/logging';
import { principalOf } from '../auth/principal';
import { requireAccess } from '../auth/route-access';
import { setSessionCookie } from '../auth/session-cookie';
import { revokeSession } from '../auth/session-store';
import type { SessionLifetime } from '../auth/session-lifetime';
import type { Database } from '@carrot-bridge/db';
import type { AuditLog } from '../audit/audit-log';
import { CabinetSignIn } from './cabinet-sign-in.service';
import type { CabinetSsoSettings } from './cabinet-sso-settings';
import { CabinetSignInRefusal } from './cabinet-token';
import { refusalMessage, ssoAnswerPage } from './sso-answer-page';

export interface CabinetSignInRouteDeps {
  db: Database;
  audit: Pick<AuditLog, 'record'>;
  /** null: no cabinet key configured, sign-in from the cabinet is off (404). */
  settings: CabinetSsoSettings | null;
  sessionLifetime: SessionLifetime;
  secureCookies: boolean;
  logger: Logger;
}

function answerPage(res: Response, status: number, title: string, message: string): void {
  res.status(status).type('html').send(ssoAnswerPage(title, message));
}

/**
 * `GET /sso?token=<JWT>`: the cabinet's top-level link (never a frame: frame-ancestors 'none' stays).
 * Signed in, the browser is sent on with 303 to the account's page, and the token leaves the address
 * bar and the history. Refused: 401 and a Russian page; the log has the reason, never the token.
 */
export function cabinetSignInRoutes(deps: CabinetSignInRouteDeps): Router {
  const router = Router();
  const signIn = deps.settings ? new CabinetSignIn({ ...deps, settings: deps.settings }) : null;
  router.get('/sso', requireAccess({ kind: 'public' }), async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!signIn) return answerPage(res, 404, 'Вход из кабинета не настроен', 'Войдите по e-mail и паролю.');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    try {
      const signedIn = await signIn.signIn(token, {
        ip: req.ip ?? null,
        userAgent: req.get('user-agent') ?? null,
      });
      // The browser's earlier session (another person, or the same) ends: one browser, one session.
      const before = principalOf(res);
      if (before?.kind === 'person') await revokeSession(deps.db, before.sessionId);
      setSessionCookie(res, signedIn.sessionToken, {
        secure: deps.secureCookies,
        maxAgeMs: deps.sessionLifetime.absoluteMs,
      });
      res.redirect(303, `/?account=${encodeURIComponent(signedIn.accountId)}`);
    } catch (error) {
      if (error instanceof CabinetSignInRefusal) {
        deps.logger.warn('cabinet sign-in refused', { reason: error.code, detail: error.message, ip: req.ip });
        return answerPage(res, 401, 'Не удалось войти', refusalMessage(error.code));
      }
      // PostgreSQL down, most likely; a driver's message may quote the claims, so only its name and code.
      const code = (error as { code?: unknown } | null)?.code;
      deps.logger.error('cabinet sign-in failed', { error: `${(error as Error).name} ${String(code ?? '')}`.trim() });
      answerPage(res, 503, 'Не удалось войти', 'Консоль временно недоступна. Попробуйте через минуту.');
    }
  });
  return router;
}
