import { Router } from 'express';
import { z } from 'zod';
import { findVisitorSessionOfAccount, upsertVisitorSessions, type Database } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';

const optionalText = z.string().max(2048).nullable().optional();
const sessionSchema = z.object({
  externalId: z.string().trim().min(1).max(64),
  siteId: z.uuid(),
  startedAt: z.iso.datetime({ offset: true }),
  campaignId: z.uuid().nullable().optional(),
  sourceId: z.uuid().nullable().optional(),
  utmSource: optionalText,
  utmMedium: optionalText,
  utmCampaign: optionalText,
  utmTerm: optionalText,
  utmContent: optionalText,
  referrer: optionalText,
  entrancePage: optionalText,
  visitorId: optionalText,
  ymClientId: optionalText,
  gaClientId: optionalText,
});
const bulkSchema = z.object({ sessions: z.array(sessionSchema).min(1).max(1000) });

/** How the tracker's sessions reach us: idempotent bulk upsert by the tracker's id, and lookup. */
export function visitorSessionRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.post('/visitor-sessions/bulk', async (req, res) => {
    const { sessions } = parseInput(bulkSchema, req.body);
    const result = await upsertVisitorSessions(db, res.locals.accountId as string, sessions.map((session) => ({ ...session, startedAt: new Date(session.startedAt) })));
    switch (result.status) {
      case 'unknown_site':
        throw ConsoleException.invalid([{ field: `sessions.${result.index}.siteId`, message: 'Сайт не найден в этом аккаунте' }]);
      case 'foreign_reference':
        throw ConsoleException.invalid([{ field: 'sessions', message: 'Кампания или источник не найдены в этом аккаунте' }]);
      case 'ok':
        res.json({ status: 'ok', upserted: result.upserted });
    }
  });

  router.get('/visitor-sessions/:externalId', async (req, res) => {
    const session = await findVisitorSessionOfAccount(db, res.locals.accountId as string, String(req.params.externalId));
    if (!session) throw ConsoleException.notFound('Visitor session');
    res.json(session);
  });
  return router;
}
