import type { Response } from 'express';

// The browser's side of a session: one cookie holding the session's random token.
// HttpOnly: no script (nor an injected one) reads it. SameSite=Lax: another site's form or fetch does not
// carry it on a write (the cross-site guard refuses those anyway), a top-level link still does (the
// cabinet's sign-in link lands signed in). Secure in production: never sent over plain HTTP. Path=/.

export const SESSION_COOKIE = 'cb_session';

export interface SessionCookieOptions {
  /** Secure attribute: true in production (NODE_ENV=production). */
  secure: boolean;
  /** Max-Age: the session's absolute lifetime, so a browser restart keeps it; without it, a browser-session cookie. */
  maxAgeMs?: number;
}

export function setSessionCookie(res: Response, token: string, options: SessionCookieOptions): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    ...(options.maxAgeMs === undefined ? {} : { maxAge: options.maxAgeMs }),
  });
}

/** Tells the browser to drop the cookie (sign-out, or a cookie whose session has ended). */
export function clearSessionCookie(res: Response, options: { secure: boolean }): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
}

/**
 * The session token of a request's Cookie header (`a=1; cb_session=...`), or null. The first cookie of
 * that name wins, as in browsers' own ordering (the most specific path first). Values are base64url: no
 * decoding is needed, and a value that needs it is not ours.
 */
export function sessionTokenOf(req: { get(name: string): string | undefined }): string | null {
  const header = req.get('cookie');
  if (!header) return null;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    let value = pair.slice(separator + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value || null;
  }
  return null;
}
