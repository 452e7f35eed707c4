import { randomBytes } from 'node:crypto';
import type { Database } from '@carrot-bridge/db';
import { isOneOf, ROLES, type Role } from '@carrot-bridge/domain';
import { hashSecret } from '@carrot-bridge/secrets';
import { DEFAULT_SESSION_LIFETIME, LAST_SEEN_RESOLUTION_MS, type SessionLifetime } from './session-lifetime';

// Server-side sessions of signed-in people (ConsoleSession). The cookie holds 32 random bytes; the table
// holds their SHA-256 only, so a copy of it signs no one in. A session ends when revoked (sign-out, sign
// out everywhere, a password reset), at its absolute end, or after the idle time without a request.

const SESSION_TOKEN_BYTES = 32;
/** base64url of 32 bytes: anything else is refused before the database is asked. */
const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewSession {
  personId: string;
  /** How it began: 'password', or 'sso' for the cabinet's signed token. */
  method: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** A live session and its person, as the request sees them. */
export interface ActiveSession {
  sessionId: string;
  personId: string;
  email: string;
  /** The person's role in each account they belong to. */
  roles: ReadonlyMap<string, Role>;
}

/** The session cookie's value (shown once, to the browser) and the row it stands for. */
export async function createSession(
  db: Database,
  session: NewSession,
  lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
  now: Date = new Date(),
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetime.absoluteMs);
  const row = await db.consoleSession.create({
    data: {
      tokenHash: hashSecret(token),
      personId: session.personId,
      method: session.method,
      ip: session.ip ?? null,
      // A header of any length must not fill the table.
      userAgent: session.userAgent?.slice(0, 400) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    },
    select: { id: true },
  });
  return { token, sessionId: row.id, expiresAt };
}

/**
 * The session the cookie's token stands for, if it is still alive and its person not disabled; null
 * otherwise. Notes the request in lastSeenAt (at most once a minute), which keeps the idle end away.
 */
export async function findActiveSession(
  db: Database,
  token: string,
  lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
  now: Date = new Date(),
): Promise<ActiveSession | null> {
  if (!SESSION_TOKEN_PATTERN.test(token)) return null;
  const row = await db.consoleSession.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      person: {
        select: { id: true, email: true, disabledAt: true, memberships: { select: { accountId: true, role: true } } },
      },
    },
  });
  if (!row || row.revokedAt !== null || row.person.disabledAt !== null) return null;
  if (row.expiresAt.getTime() <= now.getTime()) return null;
  if (row.lastSeenAt.getTime() + lifetime.idleMs <= now.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.consoleSession.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  const roles = new Map<string, Role>();
  for (const membership of row.person.memberships) {
    if (isOneOf(ROLES, membership.role)) roles.set(membership.accountId, membership.role);
  }
  return { sessionId: row.id, personId: row.person.id, email: row.person.email, roles };
}

/** Ends one session (sign-out). Ending an ended one changes nothing. */
export async function revokeSession(db: Database, sessionId: string, now: Date = new Date()): Promise<void> {
  await db.consoleSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every session of a person (sign out everywhere, a password reset); how many were alive. */
export async function revokeAllSessions(db: Database, personId: string, now: Date = new Date()): Promise<number> {
  const result = await db.consoleSession.updateMany({ where: { personId, revokedAt: null }, data: { revokedAt: now } });
  return result.count;
}
