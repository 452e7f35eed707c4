// The people of an account (issue #24, docs/access.md «People and invitations»): a Person is one e-mail,
// a Membership its role in one account. Every change of a role or a membership is made with the
// account's row locked, so two owners demoting each other at once cannot leave the account without one.
import type { Database } from './create-prisma-client';
import type { Prisma } from './generated/prisma/client';
import type { Role } from './generated/prisma/enums';

export interface AccountMember {
  personId: string;
  email: string;
  name: string | null;
  role: Role;
  /** When they joined the account. */
  since: Date;
  /** Whether they can sign in with a password (false: only from the cabinet, or not yet). */
  hasPassword: boolean;
}

export async function listAccountMembers(db: Database, accountId: string): Promise<AccountMember[]> {
  const rows = await db.membership.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'asc' }, { personId: 'asc' }],
    select: {
      role: true,
      createdAt: true,
      person: { select: { id: true, email: true, name: true, passwordHash: true } },
    },
  });
  return rows.map((m) => ({
    personId: m.person.id,
    email: m.person.email,
    name: m.person.name,
    role: m.role,
    since: m.createdAt,
    hasPassword: m.person.passwordHash !== null,
  }));
}

export async function findAccountMember(db: Database, accountId: string, personId: string) {
  return db.membership.findUnique({
    where: { personId_accountId: { personId, accountId } },
    select: { role: true, person: { select: { email: true } } },
  });
}

/** Every account a person belongs to, with the role there. */
export async function membershipsOfPerson(db: Database, personId: string) {
  return db.membership.findMany({ where: { personId }, select: { accountId: true, role: true } });
}

export type MembershipChange =
  | { outcome: 'done'; before: Role; email: string }
  | { outcome: 'not-found' }
  /** The account's only owner would be demoted or removed. */
  | { outcome: 'last-owner' };

/** Holds the account's row until the transaction ends; NO KEY: inserts pointing at the account go on. */
async function lockAccount(tx: Prisma.TransactionClient, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId}::uuid FOR NO KEY UPDATE`;
}

/**
 * Changes a member's role (`role`) or removes the membership (null), refusing to leave the account
 * without an owner.
 */
export async function changeMembership(
  db: Database,
  accountId: string,
  personId: string,
  role: Role | null,
): Promise<MembershipChange> {
  return db.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const where = { personId_accountId: { personId, accountId } };
    const member = await tx.membership.findUnique({
      where,
      select: { role: true, person: { select: { email: true } } },
    });
    if (!member) return { outcome: 'not-found' as const };
    if (member.role === 'owner' && role !== 'owner') {
      const owners = await tx.membership.count({ where: { accountId, role: 'owner' } });
      if (owners <= 1) return { outcome: 'last-owner' as const };
    }
    if (role === null) await tx.membership.delete({ where });
    else await tx.membership.update({ where, data: { role } });
    return { outcome: 'done' as const, before: member.role, email: member.person.email };
  });
}
