import { Router } from 'express';
import { AccountService, accountInputSchema } from '../accounts/account.service';
import { auditContextOf } from '../audit/audit-log';
import { requireAccess } from '../auth/route-access';
import { parseInput } from './api-error';

/** `POST /api/accounts`: the operator creates an account (a person gets 403, a token 404). */
export function accountRoutes(accounts: AccountService): Router {
  const router = Router();
  router.post('/accounts', requireAccess({ kind: 'operator' }), async (req, res) => {
    const input = parseInput(accountInputSchema, req.body);
    res.status(201).json(await accounts.create(input, auditContextOf(req, res)));
  });
  return router;
}
