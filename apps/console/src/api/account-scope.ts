import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { accountExists, type Database } from '@carrot-bridge/db';
import type { Principal } from '@carrot-bridge/domain';
import { ConsoleException, type MissingThing } from '../console-exception';
import { principalOf } from '../auth/principal';
import { refuseAccess } from '../auth/route-access';

const uuid = z.uuid();

/** Whether `value` is a UUID (the form of every id we hand out): one check for the API, the audit cursor and `pnpm cq`. */
export function isUuid(value: string): boolean {
  return uuid.safeParse(value).success;
}

function mayEnter(principal: Principal, accountId: string): boolean {
  if (principal.kind === 'operator') return true;
  return principal.kind === 'token' ? principal.accountId === accountId : principal.roles.has(accountId);
}

/**
 * Resolves `:accountId`; an unknown or malformed id is a 404 like any other unknown thing. Runs before
 * the route's own policy (which answers 404 for an account the caller is not in).
 */
export function accountScope(db: Database) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // Who asks first: a stranger must not learn which account ids exist (401 for all of them).
    const principal = principalOf(res);
    if (principal === null) return refuseAccess(req, res, 'unauthenticated');
    const accountId = String(req.params.accountId ?? '');
    if (!uuid.safeParse(accountId).success) return next(ConsoleException.notFound('account'));
    // An account the caller is not in is answered as if it did not exist (the route's policy would too).
    if (!mayEnter(principal, accountId) || !(await accountExists(db, accountId)))
      return next(ConsoleException.notFound('account'));
    res.locals.accountId = accountId;
    next();
  };
}

/** A path id that must be a UUID; anything else cannot exist, so it is a 404, not a 400. */
export function pathId(req: Request, name: string, what: MissingThing): string {
  const value = String(req.params[name] ?? '');
  if (!uuid.safeParse(value).success) throw ConsoleException.notFound(what);
  return value;
}
