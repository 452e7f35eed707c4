import type { NextFunction, Request, Response } from 'express';
import type { Database } from '@carrot-bridge/db';
import type { Principal } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import { isDatabaseUnavailable } from '../api/database-unavailable';
import { operatorBasicAuth } from '../basic-auth';
import type { FailedLoginLimiter } from '../security/failed-login-limiter';
import { apiTokenPrincipal } from './api-token-principal';
import { OPERATOR_VIA_BASIC_AUTH, setPrincipal } from './principal';
import { clearSessionCookie, sessionTokenOf } from './session-cookie';
import type { SessionLifetime } from './session-lifetime';
import { findActiveSession } from './session-store';

export interface AuthenticateOptions {
  db: Database;
  /** The operator's basic-auth credentials (CONSOLE_USER / CONSOLE_PASSWORD). */
  operator: { user: string; password: string };
  /** SECRETS_KEY: API tokens are looked up by a digest keyed from it. Without it no token is accepted. */
  secretsKey?: string | undefined;
  sessionLifetime: SessionLifetime;
  /** The session cookie's Secure attribute (production). */
  secureCookies: boolean;
  limiter?: FailedLoginLimiter | undefined;
  logger?: Logger | undefined;
}

const DATABASE_RETRY_AFTER_SECONDS = 10;

/**
 * Who is calling: sets `res.locals.principal` (read with principalOf) for every request below it, and
 * decides nothing else — what a principal may do is the route's access policy.
 * - `Authorization: Bearer cbt_...` → the account's API token (unknown or revoked: null).
 * - any other Authorization header → the operator's basic auth: right → the operator; wrong → 401 at
 *   once, counted and logged per address (429 once the address is held off).
 * - the `cb_session` cookie → the signed-in person with their roles; an ended session, or a disabled
 *   person, is null (and the browser is told to drop the cookie).
 * - nothing → null. A request without credentials is not a failed login and is not counted.
 */
export function authenticate(options: AuthenticateOptions) {
  const basicAuth = operatorBasicAuth({
    user: options.operator.user,
    password: options.operator.password,
    limiter: options.limiter,
    logger: options.logger,
  });

  async function principalOfRequest(req: Request, res: Response): Promise<Principal | null | 'answered'> {
    const authorization = req.get('authorization');
    if (authorization) {
      const bearer = /^Bearer +(\S+)$/i.exec(authorization.trim());
      if (bearer) return options.secretsKey ? apiTokenPrincipal(options.db, options.secretsKey, bearer[1]!) : null;
      return basicAuth(req, res) ? OPERATOR_VIA_BASIC_AUTH : 'answered';
    }
    const token = sessionTokenOf(req);
    if (token === null) return null;
    const session = await findActiveSession(options.db, token, options.sessionLifetime);
    if (!session) {
      clearSessionCookie(res, { secure: options.secureCookies });
      return null;
    }
    return {
      kind: 'person',
      personId: session.personId,
      email: session.email,
      sessionId: session.sessionId,
      roles: session.roles,
    };
  }

  return async (req: Request, res: Response, next: NextFunction) => {
    let principal: Principal | null | 'answered';
    try {
      principal = await principalOfRequest(req, res);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      options.logger?.warn('console: credentials not checked, the database is unavailable', { path: req.path });
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'unavailable', message: 'База данных недоступна, попробуйте позже' });
      return;
    }
    if (principal === 'answered') return;
    setPrincipal(res, principal);
    next();
  };
}
