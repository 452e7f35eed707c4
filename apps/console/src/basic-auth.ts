import type { Request, Response } from 'express';
import type { Logger } from '@carrot-bridge/logging';
import { secretsEqual } from '@carrot-bridge/secrets';
import type { FailedLoginLimiter } from './security/failed-login-limiter';

export interface BasicAuthOptions {
  user: string;
  password: string;
  /** Holds off an address that keeps guessing; without it guesses are unlimited. */
  limiter?: FailedLoginLimiter | undefined;
  logger?: Logger | undefined;
}

export const BASIC_AUTH_REALM = 'carrot-bridge';

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

/** 429 + Retry-After: the address sent too many wrong passwords (basic auth or the sign-in form). */
export function answerTooManyFailedLogins(res: Response, retryAfterSeconds: number): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res
    .status(429)
    .json({ status: 'too_many_failed_logins', message: 'Слишком много неудачных попыток входа, попробуйте позже' });
}

/** 401 with the basic-auth challenge: scripts and the operator's browser know to send credentials. */
export function askForBasicAuth(res: Response): void {
  res.setHeader('WWW-Authenticate', `Basic realm="${BASIC_AUTH_REALM}", charset="UTF-8"`);
  res
    .status(401)
    .json({ status: 'unauthorized', message: 'Нужен вход: войдите в консоль или передайте логин и пароль' });
}

/**
 * The operator's HTTP Basic authentication (scripts, `pnpm demo`, Bull Board), for a request that sent
 * an Authorization header other than a bearer token: true when the credentials are the operator's;
 * otherwise the request has been answered (401, or 429 for an address held off). Wrong credentials are
 * counted per client address (see FailedLoginLimiter) and logged; an address over the limit is refused
 * even with the right password (the answer must not tell a right guess from a wrong one).
 */
export function operatorBasicAuth(options: BasicAuthOptions) {
  return (req: Request, res: Response): boolean => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const throttle = options.limiter?.check(address);
    if (throttle?.throttled) {
      answerTooManyFailedLogins(res, throttle.retryAfterSeconds);
      return false;
    }
    const header = req.get('authorization') ?? '';
    if (credentialsMatch(header, options.user, options.password)) {
      options.limiter?.succeed(address);
      return true;
    }
    const blocked = options.limiter?.fail(address) ?? false;
    if (blocked) options.logger?.warn('console: too many failed logins, address held off', { address });
    else options.logger?.warn('console: failed login', { address, path: req.path });
    askForBasicAuth(res);
    return false;
  };
}
