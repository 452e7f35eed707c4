import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, listAuditActors, listAuditEvents, type Database } from '@carrot-bridge/db';
import { AUDIT_KIND_LABELS } from '../audit/audit-actions';
import { decodeAuditCursor, presentAuditPage } from '../audit/audit-page';
import { requireRole } from '../auth/route-access';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { lineText } from './storable-input';

/** The query of `GET .../audit`: whose, which kind or action, and the previous page's `next`. */
const auditQuerySchema = z.object({
  /** An actor's label (an e-mail, «operator», «token "BI"») or a person's or token's id. */
  actor: lineText().trim().max(320).exactOptional(),
  /** An action (`webhook.rotated`) or a kind (`integration`). */
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'Действие вида "integration" или "integration.updated"' })
    .exactOptional(),
  before: z.string().max(200).exactOptional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
});

/** «Журнал действий» (docs/access.md «Audit log»): anyone who may read the account may read its log. */
export function auditRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/audit', requireRole('viewer'), async (req, res) => {
    const { actor, action, before, limit } = parseInput(auditQuerySchema, req.query);
    const cursor = before === undefined ? undefined : decodeAuditCursor(before);
    if (cursor === null)
      throw ConsoleException.invalid([{ field: 'before', message: 'Курсор не из этого журнала: начните с начала' }]);
    const page = await listAuditEvents(db, res.locals.accountId as string, {
      limit,
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(cursor ? { before: cursor } : {}),
    });
    res.json(presentAuditPage(page));
  });
  // The page's filters: who has events here, and the kinds of action with their Russian names.
  router.get('/audit/filters', requireRole('viewer'), async (_req, res) => {
    const actors = await listAuditActors(db, res.locals.accountId as string);
    res.json({
      actors: actors.map((a) => ({ kind: a.actorKind, label: a.actorLabel })),
      kinds: Object.entries(AUDIT_KIND_LABELS).map(([kind, label]) => ({ kind, label })),
    });
  });
  return router;
}
