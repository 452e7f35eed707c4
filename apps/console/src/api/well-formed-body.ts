import type { NextFunction, Request, Response } from 'express';
import { firstIllFormedText } from '@carrot-bridge/domain';
import { ConsoleException } from '../console-exception';

const ILL_FORMED_MESSAGE =
  'Текст с одиночной половиной суррогатной пары UTF-16 (\\uD800–\\uDFFF без пары) не принимается';

/**
 * Refuses (422, naming the field) a JSON body holding a lone UTF-16 surrogate — JSON's "\ud800" escape
 * without its pair — anywhere, before a route sees it: Prisma's query engine refuses a whole query with
 * one ("unexpected end of hex escape"), which would be a 500 from deep inside a route (the API fuzz test
 * found it in a new employee's name). Once here, for every route and every field, a sign-in's e-mail
 * included. Walks the parsed body once, without recursion (body-parser's 1 MB limit bounds it).
 */
export function refuseIllFormedText() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const at = firstIllFormedText(req.body);
    if (at === null) return next();
    next(ConsoleException.invalid([{ field: at === '' ? 'body' : at, message: ILL_FORMED_MESSAGE }]));
  };
}
