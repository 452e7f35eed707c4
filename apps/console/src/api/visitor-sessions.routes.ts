import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '@carrot-bridge/db';
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
    const accountId = res.locals.accountId as string;
    const siteIds = new Set((await db.site.findMany({ where: { accountId }, select: { id: true } })).map((s) => s.id));
    const foreign = sessions.findIndex((s) => !siteIds.has(s.siteId));
    if (foreign >= 0) throw ConsoleException.invalid([{ field: `sessions.${foreign}.siteId`, message: 'Сайт не найден в этом аккаунте' }]);
    await db.$transaction(
      sessions.map((session) => {
        const data = { ...session, startedAt: new Date(session.startedAt), accountId };
        return db.visitorSession.upsert({ where: { accountId_externalId: { accountId, externalId: session.externalId } }, create: data, update: data });
      }),
    ).catch((error: { code?: string }) => {
      // A campaign or source of another account violates the composite foreign key.
      if (error.code === 'P2003') throw ConsoleException.invalid([{ field: 'sessions', message: 'Кампания или источник не найдены в этом аккаунте' }]);
      throw error;
    });
    res.json({ status: 'ok', upserted: sessions.length });
  });

  router.get('/visitor-sessions/:externalId', async (req, res) => {
    const session = await db.visitorSession.findUnique({ where: { accountId_externalId: { accountId: res.locals.accountId as string, externalId: String(req.params.externalId) } } });
    if (!session) throw ConsoleException.notFound('Visitor session');
    res.json(session);
  });
  return router;
}
