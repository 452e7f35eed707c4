import { Router } from 'express';
import { listAccounts, type Database } from '@carrot-bridge/db';
import { assertNever, type Principal, type Role } from '@carrot-bridge/domain';
import { principalOf } from '../auth/principal';
import { requireAccess } from '../auth/route-access';

/** An account as the picker lists it, with what the caller may do there (the page hides what it may not). */
interface VisibleAccount {
  id: string;
  name: string;
  /** The caller's role there, as GET /api/me names it: 'operator' everywhere for the operator; a token has none. */
  role: Role | 'operator' | null;
}

function visibleTo(principal: Principal, accounts: { id: string; name: string }[]): VisibleAccount[] {
  switch (principal.kind) {
    case 'operator':
      return accounts.map((account) => ({ ...account, role: 'operator' }));
    case 'person':
      return accounts.flatMap((account) => {
        const role = principal.roles.get(account.id);
        return role ? [{ ...account, role }] : [];
      });
    case 'token':
      return accounts.filter((account) => account.id === principal.accountId).map((a) => ({ ...a, role: null }));
    default:
      return assertNever(principal);
  }
}

/**
 * `GET /api/accounts`: the accounts the caller may see — every one for the operator, a person's
 * memberships, a token's own account. Another account is not listed, so its id is never shown.
 */
export function accountListRoutes(db: Database): Router {
  const router = Router();
  router.get('/accounts', requireAccess({ kind: 'signed-in' }), async (_req, res) => {
    res.json({ accounts: visibleTo(principalOf(res)!, await listAccounts(db)) });
  });
  return router;
}
