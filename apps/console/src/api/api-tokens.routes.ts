import { Router } from 'express';
import { auditContextOf } from '../audit/audit-log';
import { requireRole } from '../auth/route-access';
import { apiTokenInputSchema } from '../tokens/api-token-input';
import type { ApiTokenService } from '../tokens/api-token.service';
import { parseInput } from './api-error';
import { pathId } from './account-scope';

/**
 * «Доступ по API»: an account's tokens for machines. Owners (and the operator) only: a token may read
 * chats or change settings, so handing one out is handing out that right. No token manages tokens.
 */
export function apiTokenRoutes(tokens: ApiTokenService): Router {
  const router = Router({ mergeParams: true });
  const account = (res: { locals: Record<string, unknown> }) => res.locals.accountId as string;

  router.get('/api-tokens', requireRole('owner'), async (_req, res) => {
    res.json({ tokens: await tokens.list(account(res)) });
  });
  router.post('/api-tokens', requireRole('owner'), async (req, res) => {
    const input = parseInput(apiTokenInputSchema, req.body);
    res.status(201).json(await tokens.create(account(res), input, auditContextOf(req, res)));
  });
  router.delete('/api-tokens/:tokenId', requireRole('owner'), async (req, res) => {
    await tokens.revoke(account(res), pathId(req, 'tokenId', 'apiToken'), auditContextOf(req, res));
    res.status(204).end();
  });
  return router;
}
