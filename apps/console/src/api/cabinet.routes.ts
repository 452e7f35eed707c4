import { Router } from 'express';
import type { CabinetService } from '../cabinet/cabinet.service';
import { cabinetConnectInput } from '../cabinet/cabinet-input';
import { auditContextOf as by } from '../audit/audit-log';
import { parseInput } from './api-error';
import { requireRole } from '../auth/route-access';

/** The account's CoMagic / UIS cabinet: connect, read, «Проверить токен», «Обновить из CoMagic», disconnect. */
export function cabinetRoutes(cabinet: CabinetService): Router {
  const router = Router({ mergeParams: true });
  const accountOf = (locals: Record<string, unknown>) => locals.accountId as string;

  router.get('/cabinet', requireRole('viewer'), async (_req, res) => {
    res.json(await cabinet.get(accountOf(res.locals)));
  });
  router.put('/cabinet', requireRole('editor'), async (req, res) => {
    const input = parseInput(cabinetConnectInput, req.body);
    res.json(await cabinet.connect(accountOf(res.locals), input, by(req, res)));
  });
  router.post('/cabinet/check', requireRole('editor'), async (req, res) => {
    res.json(await cabinet.check(accountOf(res.locals), by(req, res)));
  });
  router.post('/cabinet/sync', requireRole('editor'), async (req, res) => {
    res.status(202).json(await cabinet.requestSync(accountOf(res.locals), by(req, res)));
  });
  router.delete('/cabinet', requireRole('editor'), async (req, res) => {
    await cabinet.disconnect(accountOf(res.locals), by(req, res));
    res.status(204).end();
  });
  return router;
}
