// The cabinet's sign-in (issue #24, docs/access.md «Cabinet sign-in»): each signed token is used once
// (its jti is kept until the token could no longer be accepted anyway), and the person it names is
// made a member of the account with the role it states.
import type { Database } from './create-prisma-client';
import type { Role } from './generated/prisma/enums';

/**
 * Notes the token's first use; false when its jti was used before (a replay). Uses whose tokens can no
 * longer be accepted are dropped on the way (the table stays as small as a minute's sign-ins).
 */
export async function recordSsoTokenUse(
  db: Database,
  use: { jti: string; expiresAt: Date; now: Date },
): Promise<boolean> {
  await db.ssoTokenUse.deleteMany({ where: { expiresAt: { lt: use.now } } });
  const inserted = await db.$executeRaw`
    INSERT INTO "SsoTokenUse" ("jti", "expiresAt", "usedAt") VALUES (${use.jti}, ${use.expiresAt}, ${use.now})
    ON CONFLICT ("jti") DO NOTHING`;
  return inserted === 1;
}

export type SsoMember =
  | { outcome: 'member'; personId: string; personCreated: boolean; roleBefore: Role | null }
  | { outcome: 'disabled'; personId: string };

/**
 * The person with `email` (created on their first sign-in, without a password) as a member of the
 * account with `role`: the cabinet says who they are there, so the role follows its claim.
 */
export async function upsertSsoMember(
  db: Database,
  member: { accountId: string; email: string; role: Role },
): Promise<SsoMember> {
  return db.$transaction(async (tx) => {
    const existing = await tx.person.findUnique({
      where: { email: member.email },
      select: { id: true, disabledAt: true },
    });
    if (existing?.disabledAt) return { outcome: 'disabled' as const, personId: existing.id };
    const person = existing ?? (await tx.person.create({ data: { email: member.email }, select: { id: true } }));
    const where = { personId_accountId: { personId: person.id, accountId: member.accountId } };
    const before = await tx.membership.findUnique({ where, select: { role: true } });
    await tx.membership.upsert({
      where,
      create: { personId: person.id, accountId: member.accountId, role: member.role },
      update: { role: member.role },
    });
    return {
      outcome: 'member' as const,
      personId: person.id,
      personCreated: existing === null,
      roleBefore: before?.role ?? null,
    };
  });
}
