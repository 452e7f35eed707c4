// Invitations and password resets (issue #24): a one-time link whose token is stored as its SHA-256
// only. Accepting one is a single claim (acceptedAt set where it is still null and unexpired), so two
// clicks at once cannot both use it.
import type { Database } from './create-prisma-client';
import type { Role } from './generated/prisma/enums';

export type InvitationPurpose = 'invite' | 'reset';

export interface NewInvitation {
  accountId: string;
  /** Lower-cased. */
  email: string;
  role: Role;
  purpose: InvitationPurpose;
  tokenHash: string;
  expiresAt: Date;
  /** The audit actor's label of who made it. */
  createdBy: string;
}

/** Stores the invitation; a newer one of the same account, e-mail and purpose replaces a pending one. */
export async function createInvitation(db: Database, invitation: NewInvitation): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await tx.invitation.deleteMany({
      where: {
        accountId: invitation.accountId,
        email: invitation.email,
        purpose: invitation.purpose,
        acceptedAt: null,
      },
    });
    return tx.invitation.create({ data: invitation, select: { id: true } });
  });
}

/** The account's invitations still waiting for their link to be opened (resets are not listed). */
export async function listPendingInvitations(db: Database, accountId: string, now: Date = new Date()) {
  return db.invitation.findMany({
    where: { accountId, purpose: 'invite', acceptedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, createdBy: true },
  });
}

/** Withdraws a pending invitation of the account; false when there is none with that id. */
export async function deletePendingInvitation(db: Database, accountId: string, id: string) {
  const { count } = await db.invitation.deleteMany({ where: { id, accountId, acceptedAt: null } });
  return count > 0;
}

export async function findInvitationByTokenHash(db: Database, tokenHash: string) {
  return db.invitation.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      accountId: true,
      email: true,
      role: true,
      purpose: true,
      expiresAt: true,
      acceptedAt: true,
      account: { select: { name: true } },
    },
  });
}

export async function findPersonByEmail(db: Database, email: string) {
  return db.person.findUnique({
    where: { email },
    select: { id: true, email: true, passwordHash: true, disabledAt: true },
  });
}

export type InvitationAcceptance =
  | { outcome: 'accepted'; invitationId: string; accountId: string; personId: string; personCreated: boolean }
  /** No such invitation, or a reset whose person is no longer a member of the account. */
  | { outcome: 'unknown' }
  | { outcome: 'used' }
  | { outcome: 'expired' };

/**
 * Uses the invitation once. An invitation adds the membership and, for a new e-mail, creates the person
 * with `passwordHash`; a person who already exists keeps their password (whoever holds the link, the
 * inviting owner included, must not set another person's password). A reset replaces the member's
 * password and revokes every session of theirs. Nothing changes unless all of it does.
 */
export async function acceptInvitation(
  db: Database,
  input: { tokenHash: string; passwordHash: string; now?: Date },
): Promise<InvitationAcceptance> {
  const now = input.now ?? new Date();
  return db
    .$transaction(async (tx) => {
      const claimed = await tx.invitation.updateManyAndReturn({
        where: { tokenHash: input.tokenHash, acceptedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
        select: { id: true, accountId: true, email: true, role: true, purpose: true },
      });
      const invitation = claimed[0];
      if (!invitation) {
        const found = await tx.invitation.findUnique({
          where: { tokenHash: input.tokenHash },
          select: { acceptedAt: true },
        });
        if (!found) return { outcome: 'unknown' as const };
        return { outcome: found.acceptedAt ? ('used' as const) : ('expired' as const) };
      }
      const existing = await tx.person.findUnique({ where: { email: invitation.email }, select: { id: true } });
      const accepted = (personId: string, personCreated: boolean) => ({
        outcome: 'accepted' as const,
        invitationId: invitation.id,
        accountId: invitation.accountId,
        personId,
        personCreated,
      });
      if (invitation.purpose === 'reset') {
        const membership = existing
          ? await tx.membership.findUnique({
              where: { personId_accountId: { personId: existing.id, accountId: invitation.accountId } },
              select: { role: true },
            })
          : null;
        if (!existing || !membership) throw new UnknownInvitation();
        await tx.person.update({ where: { id: existing.id }, data: { passwordHash: input.passwordHash } });
        await tx.consoleSession.updateMany({
          where: { personId: existing.id, revokedAt: null },
          data: { revokedAt: now },
        });
        return accepted(existing.id, false);
      }
      const person =
        existing ??
        (await tx.person.create({
          data: { email: invitation.email, passwordHash: input.passwordHash },
          select: { id: true },
        }));
      // Already a member (joined another way meanwhile): the role they have stays.
      await tx.membership.upsert({
        where: { personId_accountId: { personId: person.id, accountId: invitation.accountId } },
        create: { personId: person.id, accountId: invitation.accountId, role: invitation.role },
        update: {},
      });
      return accepted(person.id, existing === null);
    })
    .catch((error: unknown) => {
      if (error instanceof UnknownInvitation) return { outcome: 'unknown' as const };
      throw error;
    });
}

/** Rolls the claim back: the reset's person is gone from the account. */
class UnknownInvitation extends Error {}
