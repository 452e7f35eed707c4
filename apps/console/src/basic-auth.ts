import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@carrot-bridge/logging';
import { secretsEqual } from '@carrot-bridge/secrets';
import type { FailedLoginLimiter } from './security/failed-login-limiter';

export interface BasicAuthOptions {
  user: string;
  password: string;
  /** Holds off an address that keeps guessing; without it guesses are unlimited. */
  limiter?: FailedLoginLimiter | undefined;
  logger?: Logger | undefined;
  realm?: string | undefined;
}

function credentialsMatch(header: string, user: string, password: string): boolean {
  const [scheme, encoded] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const givenUser = separator >= 0 ? decoded.slice(0, separator) : decoded;
  const givenPassword = separator >= 0 ? decoded.slice(separator + 1) : '';
  // Both parts are always compared, in constant time: no early exit tells which one was wrong.
  const userOk = secretsEqual(givenUser, user);
  const passwordOk = secretsEqual(givenPassword, password);
  return userOk && passwordOk;
}

/**
 * HTTP Basic authentication for the console, its API and Bull Board. A request without credentials
 * is the browser asking for the login prompt and is not counted; wrong credentials are, per client
 * address (see FailedLoginLimiter), and logged.
 */
export function basicAuth(options: BasicAuthOptions) {
  const realm = options.realm ?? 'carrot-bridge';
  return (req: Request, res: Response, next: NextFunction) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const throttle = options.limiter?.check(address);
    if (throttle?.throttled) {
      res.setHeader('Retry-After', String(throttle.retryAfterSeconds));
      res
        .status(429)
        .json({ status: 'too_many_failed_logins', message: 'Слишком много неудачных попыток входа, попробуйте позже' });
      return;
    }
    const header = req.get('authorization') ?? '';
    if (credentialsMatch(header, options.user, options.password)) {
      options.limiter?.succeed(address);
      return next();
    }
    if (header) {
      const blocked = options.limiter?.fail(address) ?? false;
      if (blocked) options.logger?.warn('console: too many failed logins, address held off', { address });
      else options.logger?.warn('console: failed login', { address, path: req.path });
    }
    res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ status: 'unauthorized', message: 'Credentials required' });
  };
}
