import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ERASURE_ACTS_PAGE_MAX, findErasureAct, listErasureActs, type Database } from '@carrot-bridge/db';
import { auditContextOf } from '../audit/audit-log';
import { decodeAuditCursor, encodeAuditCursor } from '../audit/audit-page';
import { requireRole } from '../auth/route-access';
import { ConsoleException } from '../console-exception';
import {
  erasureActCsv,
  erasureActFileName,
  presentErasureAct,
  presentErasureActSummary,
} from '../personal-data/erasure-act-presenter';
import type { ErasureService } from '../personal-data/erasure.service';
import type { RetentionSettingsService } from '../personal-data/retention-settings.service';
import { pathId } from './account-scope';
import { parseInput } from './api-error';

const actsQuerySchema = z.object({
  before: z.string().max(200).exactOptional(),
  limit: z.coerce.number().int().min(1).max(ERASURE_ACTS_PAGE_MAX).default(20),
});

const account = (res: Response) => res.locals.accountId as string;

/** «Срок хранения переписки» (docs/personal-data.md): anyone of the account may read it, an owner sets it. */
export function retentionRoutes(retention: RetentionSettingsService): Router {
  const router = Router({ mergeParams: true });
  router.get('/personal-data/retention', requireRole('viewer'), async (_req, res) => {
    res.json(await retention.get(account(res)));
  });
  router.put('/personal-data/retention', requireRole('owner'), async (req, res) => {
    res.json(await retention.set(account(res), req.body, auditContextOf(req, res)));
  });
  return router;
}

/**
 * Erasure on request and its acts (docs/personal-data.md): an owner erases, an editor may read and
 * download the acts. No API token reaches these: erasing a person is a person's decision.
 */
export function erasureRoutes(db: Database, erasures: ErasureService): Router {
  const router = Router({ mergeParams: true });
  router.post('/personal-data/erasures', requireRole('owner'), async (req, res) => {
    const act = await erasures.erase(account(res), req.body, auditContextOf(req, res));
    res.status(201).json(presentErasureAct(act));
  });
  router.get('/personal-data/erasures', requireRole('editor'), async (req, res) => {
    const { before, limit } = parseInput(actsQuerySchema, req.query);
    // The same opaque cursor as the audit log's: the last act's time and id.
    const cursor = before === undefined ? undefined : decodeAuditCursor(before);
    if (cursor === null)
      throw ConsoleException.invalid([{ field: 'before', message: 'Курсор не из этого списка: начните с начала' }]);
    const page = await listErasureActs(db, account(res), {
      limit,
      ...(cursor ? { before: { requestedAt: cursor.at, id: cursor.id } } : {}),
    });
    res.json({
      acts: page.acts.map(presentErasureActSummary),
      next: page.next ? encodeAuditCursor({ at: page.next.requestedAt, id: page.next.id }) : null,
    });
  });
  const act = async (req: Request, res: Response) => {
    const found = await findErasureAct(db, account(res), pathId(req, 'erasureId', 'erasure'));
    if (!found) throw ConsoleException.notFound('erasure');
    return found;
  };
  router.get('/personal-data/erasures/:erasureId', requireRole('editor'), async (req, res) => {
    res.json(presentErasureAct(await act(req, res)));
  });
  router.get('/personal-data/erasures/:erasureId/act.csv', requireRole('editor'), async (req, res) => {
    const found = await act(req, res);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${erasureActFileName(found)}"`);
    res.send(erasureActCsv(found));
  });
  return router;
}
