import { Router, type Request, type Response } from 'express';
import { chatsPerDay, type Database } from '@carrot-bridge/db';
import { buildChatReport, reportQuerySchema, type ChatReport } from '../report/chat-report';
import { chatReportCsv, chatReportFileName } from '../report/report-csv';
import { parseInput } from './api-error';

/** The «Отчёт» page's data: chats per day split by a dimension, as JSON and as a CSV download. */
export function reportRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  const report = async (req: Request, res: Response): Promise<ChatReport> => {
    const query = parseInput(reportQuerySchema, req.query);
    const rows = await chatsPerDay(db, { ...query, accountId: res.locals.accountId as string, integrationId: query.integrationId ?? null });
    return buildChatReport(query, rows);
  };

  router.get('/reports/chats-per-day', async (req, res) => {
    res.json(await report(req, res));
  });
  router.get('/reports/chats-per-day.csv', async (req, res) => {
    const result = await report(req, res);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${chatReportFileName(result)}"`);
    res.send(chatReportCsv(result));
  });
  return router;
}
