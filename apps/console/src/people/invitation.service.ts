// Invitations and password resets (issue #24): an owner (or the operator) gets a one-time link to hand
// over; opening it sets the password. An invitation makes a new person or adds an existing one to the
// account (their password stays theirs); a reset replaces a member's password and ends their sessions.
import { z } from 'zod';
import {
  acceptInvitation,
  createInvitation,
  deletePendingInvitation,
  findAccountMember,
  findInvitationByTokenHash,
  findPersonByEmail,
  membershipsOfPerson,
  type Database,
} from '@carrot-bridge/db';
import { ROLES, type Role } from '@carrot-bridge/domain';
import { hashPassword } from '@carrot-bridge/secrets';
import { lineText } from '../api/storable-input';
import type { AuditContext, AuditLog } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import { INVITATION_LIFETIME_MS, invitationTokenHash, invitationUrl, newInvitationToken } from './invitation-link';
import { PeopleRefusal } from './people-refusal';

/** The design's minimum (issue #24); the longest is only a bound on the work of hashing it. */
export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 256;

export const invitationInputSchema = z.object({
  email: lineText()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ message: 'Укажите e-mail' })),
  role: z.enum(ROLES),
});
export const acceptInputSchema = z.object({ password: z.string().max(10_000).optional() });

/** Whose reset it is: the operator may reset anyone; an owner only someone all of whose accounts they own. */
export type ResetRequester = { kind: 'operator' } | { kind: 'person'; roles: ReadonlyMap<string, Role> };

export class InvitationService {
  constructor(
    private readonly deps: {
      db: Database;
      audit: Pick<AuditLog, 'record'>;
      /** CONSOLE_PUBLIC_URL: the links point there. */
      consolePublicUrl: string;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async invite(accountId: string, input: z.infer<typeof invitationInputSchema>, context: AuditContext) {
    const person = await findPersonByEmail(this.deps.db, input.email);
    if (person && (await findAccountMember(this.deps.db, accountId, person.id)))
      throw new ConsoleException(ConsoleExceptionCode.Conflict, 'Этот человек уже есть в аккаунте', [
        { field: 'email', message: 'Уже в аккаунте: его роль меняется в списке людей' },
      ]);
    const { token, tokenHash } = newInvitationToken();
    const expiresAt = new Date(this.now().getTime() + INVITATION_LIFETIME_MS);
    const { id } = await createInvitation(this.deps.db, {
      accountId,
      email: input.email,
      role: input.role,
      purpose: 'invite',
      tokenHash,
      expiresAt,
      createdBy: context.actor.label,
    });
    await this.record(accountId, context, 'person.invited', id, { email: input.email, role: input.role });
    return {
      id,
      url: invitationUrl(this.deps.consolePublicUrl, token),
      email: input.email,
      role: input.role,
      expiresAt,
    };
  }

  async cancel(accountId: string, invitationId: string, context: AuditContext): Promise<void> {
    if (!(await deletePendingInvitation(this.deps.db, accountId, invitationId)))
      throw ConsoleException.notFound('invitation');
    await this.record(accountId, context, 'invitation.cancelled', invitationId, {});
  }

  /**
   * A reset link for a member. The link sets the password of the person everywhere, so an owner may
   * make one only for someone who belongs to no account they do not own; the operator, for anyone.
   */
  async requestPasswordReset(accountId: string, personId: string, requester: ResetRequester, context: AuditContext) {
    const member = await findAccountMember(this.deps.db, accountId, personId);
    if (!member) throw ConsoleException.notFound('person');
    if (requester.kind === 'person') {
      const elsewhere = (await membershipsOfPerson(this.deps.db, personId)).filter(
        (m) => requester.roles.get(m.accountId) !== 'owner',
      );
      if (elsewhere.length > 0)
        throw new PeopleRefusal(
          'forbidden',
          'Этот человек состоит и в других аккаунтах: его пароль может сбросить только оператор',
        );
    }
    const { token, tokenHash } = newInvitationToken();
    const expiresAt = new Date(this.now().getTime() + INVITATION_LIFETIME_MS);
    await createInvitation(this.deps.db, {
      accountId,
      email: member.person.email,
      role: member.role,
      purpose: 'reset',
      tokenHash,
      expiresAt,
      createdBy: context.actor.label,
    });
    await this.record(accountId, context, 'password.reset_requested', personId, { email: member.person.email });
    return { url: invitationUrl(this.deps.consolePublicUrl, token), expiresAt };
  }

  /** What the invitation page shows before asking: for whom, which account, whether a password is asked. */
  async describe(token: string) {
    const { invitation, tokenHash } = await this.usableInvitation(token);
    const person = await findPersonByEmail(this.deps.db, invitation.email);
    return {
      tokenHash,
      invitation,
      view: {
        email: invitation.email,
        accountName: invitation.account.name,
        purpose: invitation.purpose,
        role: invitation.role,
        passwordNeeded: invitation.purpose === 'reset' || person === null,
      },
    };
  }

  async accept(token: string, password: string | undefined, ip: string | null): Promise<void> {
    const { tokenHash, invitation, view } = await this.describe(token);
    if (view.passwordNeeded) checkPassword(password);
    // The hash is made only for a link that can still be used: scrypt is the expensive part.
    const passwordHash = await hashPassword(password ?? '');
    const result = await acceptInvitation(this.deps.db, { tokenHash, passwordHash, now: this.now() });
    if (result.outcome !== 'accepted') throw linkRefusal(result.outcome);
    await this.deps.audit.record({
      accountId: result.accountId,
      actor: { kind: 'person', id: result.personId, label: invitation.email },
      action: 'invitation.accepted',
      targetId: result.invitationId,
      details: { purpose: invitation.purpose, role: invitation.role, personCreated: result.personCreated },
      ip,
    });
  }

  private async usableInvitation(token: string) {
    const tokenHash = invitationTokenHash(token);
    const invitation = tokenHash ? await findInvitationByTokenHash(this.deps.db, tokenHash) : null;
    if (!tokenHash || !invitation) throw linkRefusal('unknown');
    if (invitation.acceptedAt) throw linkRefusal('used');
    if (invitation.expiresAt.getTime() <= this.now().getTime()) throw linkRefusal('expired');
    return { tokenHash, invitation };
  }

  private record(accountId: string, context: AuditContext, action: string, targetId: string, details: object) {
    return this.deps.audit.record({
      accountId,
      actor: context.actor,
      action,
      targetId,
      details: { ...details },
      ip: context.ip ?? null,
    });
  }
}

function checkPassword(password: string | undefined): void {
  if (password === undefined || [...password].length < PASSWORD_MIN_LENGTH)
    throw new PeopleRefusal('weak_password', `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`);
  if ([...password].length > PASSWORD_MAX_LENGTH)
    throw new PeopleRefusal('weak_password', `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`);
}

function linkRefusal(outcome: 'unknown' | 'used' | 'expired'): PeopleRefusal {
  switch (outcome) {
    case 'unknown':
      return new PeopleRefusal('link_unknown', 'Ссылка недействительна: попросите владельца аккаунта прислать новую');
    case 'used':
      return new PeopleRefusal('link_used', 'Эта ссылка уже использована: войдите или попросите новую');
    case 'expired':
      return new PeopleRefusal('link_expired', 'Срок действия ссылки истёк (72 часа): попросите новую');
  }
}
