import { Router } from 'express';
import { z } from 'zod';
import { integrationInputSchema } from '../integrations/integration-input';
import type { IntegrationService } from '../integrations/integration.service';
import { parseBackfillPeriod, type BackfillService } from '../backfill/backfill.service';
import { auditContextOf as by } from '../audit/audit-log';
import { parseInput } from './api-error';
import { pathId } from './account-scope';
import { lineText } from './storable-input';
import { requireRole } from '../auth/route-access';

export function integrationRoutes(service: IntegrationService, backfill?: BackfillService): Router {
  const router = Router({ mergeParams: true });
  const account = (res: { locals: Record<string, unknown> }) => res.locals.accountId as string;
  const id = (req: Parameters<Parameters<Router['get']>[1]>[0]) => pathId(req, 'integrationId', 'integration');

  router.get('/integrations', requireRole('viewer', 'settings:write'), async (_req, res) => {
    res.json({ integrations: await service.list(account(res)) });
  });
  router.post('/integrations', requireRole('editor', 'settings:write'), async (req, res) => {
    res
      .status(201)
      .json(await service.create(account(res), parseInput(integrationInputSchema, req.body), by(req, res)));
  });
  router.get('/integrations/:integrationId', requireRole('viewer', 'settings:write'), async (req, res) => {
    res.json(await service.get(account(res), id(req)));
  });
  router.put('/integrations/:integrationId', requireRole('editor', 'settings:write'), async (req, res) => {
    res.json(await service.update(account(res), id(req), parseInput(integrationInputSchema, req.body), by(req, res)));
  });
  router.delete('/integrations/:integrationId', requireRole('editor'), async (req, res) => {
    await service.remove(account(res), id(req), by(req, res));
    res.status(204).end();
  });
  router.post('/integrations/:integrationId/activate', requireRole('editor', 'settings:write'), async (req, res) => {
    res.json(await service.setActive(account(res), id(req), true, by(req, res)));
  });
  router.post('/integrations/:integrationId/deactivate', requireRole('editor', 'settings:write'), async (req, res) => {
    res.json(await service.setActive(account(res), id(req), false, by(req, res)));
  });
  router.post(
    '/integrations/:integrationId/rotate-webhook-key',
    requireRole('editor', 'settings:write'),
    async (req, res) => {
      res.json(await service.rotateWebhookKey(account(res), id(req), by(req, res)));
    },
  );
  router.post('/integrations/:integrationId/check-key', requireRole('editor', 'settings:write'), async (req, res) => {
    const { apiKey } = parseInput(z.object({ apiKey: lineText().trim().max(200).optional() }), req.body ?? {});
    res.json(await service.keys.checkKey(account(res), id(req), apiKey, by(req, res)));
  });
  router.post('/check-key', requireRole('editor', 'settings:write'), async (req, res) => {
    const { apiKey } = parseInput(z.object({ apiKey: lineText().trim().min(1).max(200) }), req.body);
    res.json(await service.keys.checkEnteredKey(account(res), apiKey, by(req, res)));
  });
  router.get('/integrations/:integrationId/status', requireRole('viewer'), async (req, res) => {
    res.json(await service.status(account(res), id(req)));
  });
  if (backfill) {
    // The console starts, stops and reads a backfill; the worker runs it (one run per integration).
    router.post('/integrations/:integrationId/backfill', requireRole('editor'), async (req, res) => {
      const integrationId = id(req);
      await service.get(account(res), integrationId);
      const { from, to } = parseBackfillPeriod(req.body?.from, req.body?.to);
      res.status(202).json(await backfill.start(account(res), integrationId, from, to, by(req, res)));
    });
    router.post('/integrations/:integrationId/backfill/stop', requireRole('editor'), async (req, res) => {
      const integrationId = id(req);
      await service.get(account(res), integrationId);
      res.status(202).json({ backfill: await backfill.stop(account(res), integrationId, by(req, res)) });
    });
    router.get('/integrations/:integrationId/backfill', requireRole('viewer'), async (req, res) => {
      const integrationId = id(req);
      await service.get(account(res), integrationId);
      res.json({ backfill: await backfill.progress(integrationId) });
    });
  }
  return router;
}
