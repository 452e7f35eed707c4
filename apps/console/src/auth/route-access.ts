// How a console route says who may use it, and the one place that enforces it (issue #24, docs/access.md).
// Every route declares an AccessPolicy as its first handler; test/route-table.test.ts walks the router and
// fails on any route, or any middleware that answers requests, without one.
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { decideAccess, type AccessDecision, type AccessPolicy, type ApiScope, type Role } from '@carrot-bridge/domain';
import { askForBasicAuth } from '../basic-auth';
import { ConsoleExceptionCode, NOT_FOUND_MESSAGES } from '../console-exception';
import { principalOf } from './principal';
import { answerUnauthenticated } from './unauthenticated-answer';

const POLICY = Symbol('carrot-bridge.access-policy');
const SCOPE = Symbol('carrot-bridge.access-scope');
const PRE_ACCESS = Symbol('carrot-bridge.pre-access');

type Tagged = { [POLICY]?: AccessPolicy; [SCOPE]?: AccessPolicy; [PRE_ACCESS]?: true };

/**
 * The answer to a refused request, the same everywhere (API, page, Bull Board, CSV). `not-found` is the
 * answer to an unknown account too (api/account-scope.ts): another account's ids are never confirmed.
 */
export function refuseAccess(
  req: Request,
  res: Response,
  decision: Exclude<AccessDecision, 'allow'>,
  policy?: AccessPolicy,
): void {
  switch (decision) {
    case 'unauthenticated':
      // A bearer token that is unknown, revoked or malformed: the Bearer challenge, no password prompt
      // (RFC 6750 §3, https://www.rfc-editor.org/rfc/rfc6750#section-3).
      if (/^bearer\s/i.test(req.get('authorization') ?? '')) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="carrot-bridge", error="invalid_token"');
        res.status(401).json({ status: 'unauthorized', message: 'Токен API неизвестен или отозван' });
      }
      // The operator's own (Bull Board) is only reached with basic auth: the challenge, never the sign-in.
      else if (policy?.kind === 'operator') askForBasicAuth(res);
      // A page goes to the sign-in page; a script gets 401 with the Basic challenge, as before people.
      else answerUnauthenticated(req, res);
      return;
    case 'not-found':
      // Word for word what an unknown account gets (api/account-scope.ts): no difference to probe.
      res.status(404).json({
        status: ConsoleExceptionCode.NotFound,
        message: NOT_FOUND_MESSAGES[policy?.kind === 'account' ? 'account' : 'endpoint'],
      });
      return;
    case 'forbidden':
      res.status(403).json({ status: 'forbidden', message: 'Недостаточно прав для этого действия' });
      return;
  }
}

function enforce(policy: AccessPolicy): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const accountId = typeof req.params.accountId === 'string' ? req.params.accountId : null;
    const decision = decideAccess(principalOf(res), policy, accountId);
    if (decision === 'allow') return next();
    refuseAccess(req, res, decision, policy);
  };
}

/**
 * A route's policy, as its first handler: `router.get('/chats', requireAccess(CHATS_READ), handler)`.
 * `:accountId` comes from the path (routers of an account are `mergeParams`).
 */
export function requireAccess(policy: AccessPolicy): RequestHandler {
  const handler = enforce(policy) as RequestHandler & Tagged;
  handler[POLICY] = policy;
  return handler;
}

/** Shorthand for a route of one account: a person needs `role`; a token needs `scope` (none: no token). */
export function requireRole(role: Role, scope?: ApiScope): RequestHandler {
  return requireAccess(scope === undefined ? { kind: 'account', role } : { kind: 'account', role, scope });
}

/**
 * A mounted whole whose own routes we do not write (Bull Board, the static page files): one policy for
 * all of it, checked before any of it runs. The route table walk does not look inside.
 */
export function accessScope(policy: AccessPolicy, ...handlers: RequestHandler[]): Router {
  const router = Router({ mergeParams: true }) as Router & Tagged;
  router.use(enforce(policy), ...handlers);
  router[SCOPE] = policy;
  return router;
}

/**
 * Marks middleware that runs before access is decided and serves nothing: headers, reading credentials,
 * body parsing, refusing malformed requests, resolving `:accountId`. The route table walk accepts these
 * without a policy; anything else that is mounted must declare one.
 */
export function preAccess<T extends RequestHandler>(...handlers: T[]): T[] {
  for (const handler of handlers) (handler as T & Tagged)[PRE_ACCESS] = true;
  return handlers;
}

/** The policy a route's first handler declares (undefined: none). */
export function declaredPolicyOf(handler: unknown): AccessPolicy | undefined {
  return (handler as Tagged | null)?.[POLICY];
}

/** The policy of a mounted `accessScope` (undefined: not one). */
export function scopePolicyOf(handler: unknown): AccessPolicy | undefined {
  return (handler as Tagged | null)?.[SCOPE];
}

export function isPreAccess(handler: unknown): boolean {
  return (handler as Tagged | null)?.[PRE_ACCESS] === true;
}
