import { Router, type Request, type Response } from 'express';
import { chatsPerDay, type Database } from '@carrot-bridge/db';
import { buildChatReport, reportQuerySchema, type ChatReport } from '../report/chat-report';
import { chatReportCsv, chatReportFileName } from '../report/report-csv';
import { TimeZoneNames } from '../report/time-zone-names';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { refuseForeignFilters } from './foreign-filters';
import { requireRole } from '../auth/route-access';

/** The «Отчёт» page's data: chats per day split by a dimension, as JSON and as a CSV download. */
export function reportRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });
  const zones = new TimeZoneNames(db);

  const report = async (req: Request, res: Response): Promise<ChatReport> => {
    const query = parseInput(reportQuerySchema, req.query);
    const accountId = res.locals.accountId as string;
    await refuseForeignFilters(db, accountId, query);
    if (!(await zones.has(query.timeZone)))
      throw ConsoleException.invalid([{ field: 'timeZone', message: 'Неизвестный часовой пояс' }]);
    const rows = await chatsPerDay(db, {
      ...query,
      accountId,
      integrationId: query.integrationId ?? null,
    });
    return buildChatReport(query, rows);
  };

  router.get('/reports/chats-per-day', requireRole('viewer', 'report:read'), async (req, res) => {
    res.json(await report(req, res));
  });
  router.get('/reports/chats-per-day.csv', requireRole('viewer', 'report:read'), async (req, res) => {
    const result = await report(req, res);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${chatReportFileName(result)}"`);
    res.send(chatReportCsv(result));
  });
  return router;
}
