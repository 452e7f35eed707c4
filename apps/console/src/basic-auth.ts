import type { NextFunction, Request, Response } from 'express';
import { secretsEqual } from '@carrot-bridge/secrets';

/**
 * HTTP Basic authentication for the console, its API and Bull Board. Both parts are compared in
 * constant time, and both are always compared (no early exit that tells which one was wrong).
 */
export function basicAuth(user: string, password: string, realm = 'carrot-bridge') {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const [scheme, encoded] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const givenUser = separator >= 0 ? decoded.slice(0, separator) : decoded;
      const givenPassword = separator >= 0 ? decoded.slice(separator + 1) : '';
      const userOk = secretsEqual(givenUser, user);
      const passwordOk = secretsEqual(givenPassword, password);
      if (userOk && passwordOk) return next();
    }
    res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ status: 'unauthorized', message: 'Credentials required' });
  };
}
