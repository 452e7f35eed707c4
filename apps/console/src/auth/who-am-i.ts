import { listAccounts, type Database } from '@carrot-bridge/db';
import { assertNever, type Principal, type Role } from '@carrot-bridge/domain';

/** `GET /api/me`: who the page is showing, and the accounts it may list with the caller's role in each. */
export interface Me {
  kind: Principal['kind'];
  /** A person's e-mail; the page shows it beside «Выйти». */
  email?: string;
  /** A token's name. */
  name?: string;
  accounts: Array<{ id: string; name: string; role: Role | 'operator' | null }>;
}

export async function whoAmI(db: Database, principal: Principal): Promise<Me> {
  switch (principal.kind) {
    case 'operator':
      return {
        kind: 'operator',
        accounts: (await listAccounts(db)).map((a) => ({ id: a.id, name: a.name, role: 'operator' as const })),
      };
    case 'person': {
      const memberships = await db.membership.findMany({
        where: { personId: principal.personId },
        select: { role: true, account: { select: { id: true, name: true, createdAt: true } } },
      });
      memberships.sort((a, b) => a.account.createdAt.getTime() - b.account.createdAt.getTime());
      return {
        kind: 'person',
        email: principal.email,
        accounts: memberships.map((m) => ({ id: m.account.id, name: m.account.name, role: m.role })),
      };
    }
    case 'token': {
      const account = await db.account.findUnique({
        where: { id: principal.accountId },
        select: { id: true, name: true },
      });
      return { kind: 'token', name: principal.name, accounts: account ? [{ ...account, role: null }] : [] };
    }
    default:
      return assertNever(principal);
  }
}
