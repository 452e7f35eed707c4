// Signing in from the cabinet (GET /sso?token=…): the cabinet's signed token, used once, names an
// account it knows (ours by Account.cabinetAccountId), a person and their role there. The person and
// the membership are made on the first sign-in and the role follows the token each time; then a
// session begins as after a password (E's session store), its method 'sso'.
import { findAccountIdByCabinetId, recordSsoTokenUse, upsertSsoMember, type Database } from '@carrot-bridge/db';
import type { AuditLog } from '../audit/audit-log';
import { createSession } from '../auth/session-store';
import type { SessionLifetime } from '../auth/session-lifetime';
import type { CabinetSsoSettings } from './cabinet-sso-settings';
import { CabinetSignInRefusal, verifyCabinetToken } from './cabinet-token';

export interface CabinetSignInDeps {
  db: Database;
  audit: Pick<AuditLog, 'record'>;
  settings: CabinetSsoSettings;
  sessionLifetime: SessionLifetime;
  now?: () => Date;
}

export interface CabinetSignedIn {
  sessionToken: string;
  accountId: string;
  personId: string;
}

export class CabinetSignIn {
  constructor(private readonly deps: CabinetSignInDeps) {}

  async signIn(token: string, client: { ip: string | null; userAgent: string | null }): Promise<CabinetSignedIn> {
    const { db, settings } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const claims = await verifyCabinetToken(token, settings, now);
    const accountId = await findAccountIdByCabinetId(db, claims.cabinetAccountId);
    if (!accountId)
      throw new CabinetSignInRefusal('unknown_account', `cabinet account ${claims.cabinetAccountId} is not mapped`);
    if (!(await recordSsoTokenUse(db, { jti: claims.jti, expiresAt: claims.usableUntil, now })))
      throw new CabinetSignInRefusal('replayed', 'jti used before');
    const member = await upsertSsoMember(db, { accountId, email: claims.email, role: claims.role });
    if (member.outcome === 'disabled') throw new CabinetSignInRefusal('person_disabled', 'the person is disabled');
    const session = await createSession(
      db,
      { personId: member.personId, method: 'sso', ip: client.ip, userAgent: client.userAgent },
      this.deps.sessionLifetime,
      now,
    );
    await this.deps.audit.record({
      accountId,
      actor: { kind: 'person', id: member.personId, label: claims.email },
      action: 'session.signed_in',
      targetId: member.personId,
      details: {
        method: 'sso',
        role: claims.role,
        personCreated: member.personCreated,
        ...(member.roleBefore && member.roleBefore !== claims.role ? { roleBefore: member.roleBefore } : {}),
      },
      ip: client.ip,
    });
    return { sessionToken: session.token, accountId, personId: member.personId };
  }
}
