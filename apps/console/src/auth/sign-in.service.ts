import type { Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { hashPassword, verifyPassword } from '@carrot-bridge/secrets';
import { randomBytes } from 'node:crypto';
import type { FailedLoginLimiter } from '../security/failed-login-limiter';
import { recordInEachAccount, type SessionAudit } from './membership-audit';
import type { SessionLifetime } from './session-lifetime';
import { createSession } from './session-store';

export interface SignInServiceDeps {
  db: Database;
  lifetime: SessionLifetime;
  /** Per client address: the same limiter as the operator's basic auth (one budget of guesses per address). */
  addressLimiter?: FailedLoginLimiter | undefined;
  /** Per e-mail: guesses at one person's password spread over many addresses are held off too. */
  emailLimiter?: FailedLoginLimiter | undefined;
  audit?: SessionAudit | undefined;
  logger?: Logger | undefined;
}

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | null;
}

export type SignInOutcome =
  | { kind: 'signed-in'; token: string; sessionId: string; expiresAt: Date }
  /** The same for an unknown e-mail, a wrong password, no password yet, or a disabled person. */
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

type FailureReason = 'wrong_password' | 'no_password' | 'disabled';

/** Person.email is stored lower-cased; a person types it as they like. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Signing in with e-mail and password. Every refusal looks the same and takes as long (an unknown
 * e-mail is checked against a decoy hash), so the answer does not tell which e-mails have an account.
 */
export class SignInService {
  private decoyHash: Promise<string> | undefined;

  constructor(private readonly deps: SignInServiceDeps) {}

  async signIn(attempt: SignInAttempt): Promise<SignInOutcome> {
    const email = normalizeEmail(attempt.email);
    const held = [this.deps.addressLimiter?.check(attempt.ip), this.deps.emailLimiter?.check(email)];
    const retryAfter = Math.max(0, ...held.map((t) => (t?.throttled ? t.retryAfterSeconds : 0)));
    if (retryAfter > 0) return { kind: 'throttled', retryAfterSeconds: retryAfter };

    const person = await this.deps.db.person.findUnique({
      where: { email },
      select: {
        id: true,
        email: true,
        passwordHash: true,
        disabledAt: true,
        memberships: { select: { accountId: true } },
      },
    });
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const matches = await verifyPassword(attempt.password, person?.passwordHash ?? (await this.decoyHash));
    const failure: FailureReason | null = !person?.passwordHash
      ? 'no_password'
      : !matches
        ? 'wrong_password'
        : person.disabledAt !== null
          ? 'disabled'
          : null;

    if (!person || failure !== null) {
      this.noteFailure(attempt.ip, email);
      if (person) {
        await recordInEachAccount(
          this.deps.audit,
          person.memberships.map((m) => m.accountId),
          {
            actor: { kind: 'person', id: person.id, label: person.email },
            action: 'session.sign_in_failed',
            details: { reason: failure },
            ip: attempt.ip,
          },
        );
      }
      return { kind: 'refused' };
    }

    this.deps.addressLimiter?.succeed(attempt.ip);
    this.deps.emailLimiter?.succeed(email);
    const session = await createSession(
      this.deps.db,
      { personId: person.id, method: 'password', ip: attempt.ip, userAgent: attempt.userAgent ?? null },
      this.deps.lifetime,
    );
    await recordInEachAccount(
      this.deps.audit,
      person.memberships.map((m) => m.accountId),
      {
        actor: { kind: 'person', id: person.id, label: person.email },
        action: 'session.signed_in',
        details: { method: 'password' },
        ip: attempt.ip,
      },
    );
    return { kind: 'signed-in', ...session };
  }

  private noteFailure(address: string, email: string): void {
    const addressBlocked = this.deps.addressLimiter?.fail(address) ?? false;
    const emailBlocked = this.deps.emailLimiter?.fail(email) ?? false;
    // The e-mail is not logged: the log is read by more people than the audit log.
    if (addressBlocked) this.deps.logger?.warn('console: too many failed sign-ins, address held off', { address });
    else if (emailBlocked)
      this.deps.logger?.warn('console: too many failed sign-ins for one e-mail, held off', { address });
    else this.deps.logger?.warn('console: failed sign-in', { address });
  }
}
