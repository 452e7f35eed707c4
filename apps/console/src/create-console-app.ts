import express, { type Request, type Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { basicAuth } from './basic-auth';

export interface ConsoleDeps {
  db: Database;
  queues: Queue[];
  logger: Logger;
  user: string;
  password: string;
  pingRedis: () => Promise<boolean>;
}

export const BULL_BOARD_PATH = '/admin/queues';

export function createConsoleApp(deps: ConsoleDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req: Request, res: Response) => {
    const [redis, database] = await Promise.all([
      deps.pingRedis(),
      deps.db.$queryRaw`SELECT 1`.then(() => true, () => false),
    ]);
    res.status(redis && database ? 200 : 503).json({ status: redis && database ? 'ready' : 'not_ready', redis: redis ? 'up' : 'down', database: database ? 'up' : 'down' });
  });

  // Everything below needs credentials.
  app.use(basicAuth(deps.user, deps.password));

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: deps.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'carrot-bridge' } } });
  app.use(BULL_BOARD_PATH, serverAdapter.getRouter());

  app.get('/', (_req, res) => {
    res.redirect(BULL_BOARD_PATH);
  });
  return app;
}
