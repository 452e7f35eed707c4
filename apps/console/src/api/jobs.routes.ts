import { Router, type Request } from 'express';
import { auditContextOf as by } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { requireRole } from '../auth/route-access';
import { ChatRedeliveryService, type ChatRedeliveryDeps } from '../jobs/chat-redelivery.service';
import { IntegrationJobsService, type IntegrationJobsDeps } from '../jobs/integration-jobs.service';
import { pathId } from './account-scope';

/** A BullMQ job id of the catalog (`cq-<uuid>-<event>`, `export-<uuid>-<window>`...); anything else cannot exist. */
const JOB_ID = /^[A-Za-z0-9_-]{1,200}$/;

function jobIdOf(req: Request): string {
  const value = String(req.params.jobId ?? '');
  if (!JOB_ID.test(value)) throw ConsoleException.notFound('job');
  return value;
}

/** The queues «Задачи» reads and retries, and the re-import / re-export write to. */
export type JobRoutesQueues = Pick<IntegrationJobsDeps, 'inspector'> &
  Pick<ChatRedeliveryDeps, 'producer' | 'exportScheduler'>;

/**
 * «Задачи» of one integration (read by a viewer, retried by an editor) and the transcript's «Загрузить
 * заново» / «Выгрузить заново» (editors and owners). No API token reaches them (no scope).
 */
export function jobRoutes(deps: IntegrationJobsDeps & ChatRedeliveryDeps): Router {
  const jobs = new IntegrationJobsService(deps);
  const chats = new ChatRedeliveryService(deps);
  const router = Router({ mergeParams: true });
  const account = (res: { locals: Record<string, unknown> }) => res.locals.accountId as string;
  const integration = (req: Request) => pathId(req, 'integrationId', 'integration');

  router.get('/integrations/:integrationId/jobs', requireRole('viewer'), async (req, res) => {
    res.json(await jobs.list(account(res), integration(req)));
  });
  router.post('/integrations/:integrationId/jobs/retry-failed', requireRole('editor'), async (req, res) => {
    res.json(await jobs.retryFailed(account(res), integration(req), by(req, res)));
  });
  router.post('/integrations/:integrationId/jobs/:jobId/retry', requireRole('editor'), async (req, res) => {
    res.json(await jobs.retryOne(account(res), integration(req), jobIdOf(req), by(req, res)));
  });
  router.post('/chats/:chatId/reimport', requireRole('editor'), async (req, res) => {
    res.status(202).json(await chats.reimport(account(res), pathId(req, 'chatId', 'chat'), by(req, res)));
  });
  router.post('/chats/:chatId/reexport', requireRole('editor'), async (req, res) => {
    res.status(202).json(await chats.reexport(account(res), pathId(req, 'chatId', 'chat'), by(req, res)));
  });
  return router;
}
