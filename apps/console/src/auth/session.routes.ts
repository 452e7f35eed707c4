import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf } from '@carrot-bridge/domain';
import { parseInput } from '../api/api-error';
import { answerTooManyFailedLogins } from '../basic-auth';
import { recordInEachAccount, type SessionAudit } from './membership-audit';
import { principalOf } from './principal';
import { requireAccess } from './route-access';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import type { SessionLifetime } from './session-lifetime';
import { revokeAllSessions, revokeSession } from './session-store';
import type { SignInService } from './sign-in.service';
import { whoAmI } from './who-am-i';
import type { Database } from '@carrot-bridge/db';

export interface SessionRoutesDeps {
  db: Database;
  signIn: SignInService;
  lifetime: SessionLifetime;
  secureCookies: boolean;
  audit?: SessionAudit | undefined;
}

// Bounded: a megabyte of password would cost scrypt nothing much, but nothing longer is anyone's password.
const signInInput = z.object({ email: z.string().max(320), password: z.string().max(1024) });

const REFUSED = { status: 'unauthorized', message: 'Неверный e-mail или пароль' };

/**
 * Sign-in and sign-out (`/api/session`), and who is signed in (`/api/me`). Signing in and out need no
 * credentials (a stale cookie must still be able to sign out); the rest needs someone signed in.
 */
export function sessionRoutes(deps: SessionRoutesDeps): Router {
  const router = Router();
  const cookie = { secure: deps.secureCookies };

  router.post('/session', requireAccess({ kind: 'public' }), async (req: Request, res: Response) => {
    const input = parseInput(signInInput, req.body);
    const outcome = await deps.signIn.signIn({
      email: input.email,
      password: input.password,
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.get('user-agent') ?? null,
    });
    if (outcome.kind === 'throttled') return answerTooManyFailedLogins(res, outcome.retryAfterSeconds);
    if (outcome.kind === 'refused') return void res.status(401).json(REFUSED);
    setSessionCookie(res, outcome.token, { ...cookie, maxAgeMs: deps.lifetime.absoluteMs });
    res.status(204).end();
  });

  router.delete('/session', requireAccess({ kind: 'public' }), async (req: Request, res: Response) => {
    const principal = principalOf(res);
    if (principal?.kind === 'person') {
      await revokeSession(deps.db, principal.sessionId);
      await recordInEachAccount(deps.audit, principal.roles.keys(), {
        actor: actorOf(principal),
        action: 'session.signed_out',
        ip: req.ip ?? null,
      });
    }
    clearSessionCookie(res, cookie);
    res.status(204).end();
  });

  router.post(
    '/session/sign-out-everywhere',
    requireAccess({ kind: 'signed-in' }),
    async (req: Request, res: Response) => {
      const principal = principalOf(res);
      if (principal?.kind !== 'person') {
        res
          .status(403)
          .json({ status: 'forbidden', message: 'Выйти на всех устройствах может только вошедший пользователь' });
        return;
      }
      const ended = await revokeAllSessions(deps.db, principal.personId);
      await recordInEachAccount(deps.audit, principal.roles.keys(), {
        actor: actorOf(principal),
        action: 'session.signed_out_everywhere',
        details: { sessions: ended },
        ip: req.ip ?? null,
      });
      clearSessionCookie(res, cookie);
      res.status(204).end();
    },
  );

  router.get('/me', requireAccess({ kind: 'signed-in' }), async (_req: Request, res: Response) => {
    res.json(await whoAmI(deps.db, principalOf(res)!));
  });

  return router;
}
