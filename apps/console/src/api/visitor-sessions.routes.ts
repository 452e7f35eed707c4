import { Router } from 'express';
import { findVisitorSessionOfAccount, upsertVisitorSessions, type Database } from '@carrot-bridge/db';
import { auditContextOf, type AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { visitorSessionBulkSchema as bulkSchema, visitorSessionExternalIdSchema } from './visitor-session-input';
import { requireRole } from '../auth/route-access';

/** How the tracker's sessions reach us: idempotent bulk upsert by the tracker's id, and lookup. */
export function visitorSessionRoutes(db: Database, audit: AuditRecorder): Router {
  const router = Router({ mergeParams: true });

  router.post('/visitor-sessions/bulk', requireRole('editor', 'sessions:write'), async (req, res) => {
    const { sessions } = parseInput(bulkSchema, req.body);
    const result = await upsertVisitorSessions(
      db,
      res.locals.accountId as string,
      sessions.map((session) => ({ ...session, startedAt: new Date(session.startedAt) })),
    );
    switch (result.status) {
      case 'unknown_site':
        throw ConsoleException.invalid([
          { field: `sessions.${result.index}.siteId`, message: 'Сайт не найден в этом аккаунте' },
        ]);
      case 'foreign_reference':
        throw ConsoleException.invalid([
          { field: 'sessions', message: 'Кампания или источник не найдены в этом аккаунте' },
        ]);
      case 'ok':
        // One event per call, with the count: the tracker posts often, the sessions are not settings.
        await audit.recordFor(auditContextOf(req, res), {
          accountId: res.locals.accountId as string,
          action: 'sessions.uploaded',
          details: { received: sessions.length, upserted: result.upserted },
        });
        res.json({ status: 'ok', upserted: result.upserted });
    }
  });

  router.get('/visitor-sessions/:externalId', requireRole('viewer'), async (req, res) => {
    // An id the bulk would refuse cannot exist (and a NUL in it would reach PostgreSQL): the same 404.
    const externalId = visitorSessionExternalIdSchema.safeParse(req.params.externalId);
    const session = externalId.success
      ? await findVisitorSessionOfAccount(db, res.locals.accountId as string, externalId.data)
      : null;
    if (!session) throw ConsoleException.notFound('visitorSession');
    res.json(session);
  });
  return router;
}
