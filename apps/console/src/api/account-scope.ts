import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { accountExists, type Database } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';

const uuid = z.uuid();

/** Resolves `:accountId`; an unknown or malformed id is a 404 like any other unknown thing. */
export function accountScope(db: Database) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const accountId = String(req.params.accountId ?? '');
    if (!uuid.safeParse(accountId).success) return next(ConsoleException.notFound('Account'));
    if (!(await accountExists(db, accountId))) return next(ConsoleException.notFound('Account'));
    res.locals.accountId = accountId;
    next();
  };
}

/** A path id that must be a UUID; anything else cannot exist, so it is a 404, not a 400. */
export function pathId(req: Request, name: string, what: string): string {
  const value = String(req.params[name] ?? '');
  if (!uuid.safeParse(value).success) throw ConsoleException.notFound(what);
  return value;
}
