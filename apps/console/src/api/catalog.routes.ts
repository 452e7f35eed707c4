import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '@carrot-bridge/db';
import { parseInput } from './api-error';

const text = (max: number) => z.string().trim().min(1, 'Обязательное поле').max(max);
const schemas = {
  sites: z.object({ domain: text(253), siteKey: text(64) }),
  campaigns: z.object({ siteId: z.uuid(), name: text(200), isSystem: z.boolean().default(false) }),
  sources: z.object({ name: text(200), group: text(200), channel: text(200) }),
  employees: z.object({ name: text(200), email: z.email().nullable().optional() }),
  tags: z.object({ name: text(100) }),
};

/** The cabinet's catalogs the settings form picks from: list them, add to them. */
export function catalogRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/catalog', async (_req, res) => {
    const where = { where: { accountId: res.locals.accountId as string } };
    const [sites, campaigns, sources, employees, tags] = await Promise.all([
      db.site.findMany({ ...where, orderBy: { domain: 'asc' }, select: { id: true, domain: true, siteKey: true } }),
      db.campaign.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, siteId: true, name: true, isSystem: true } }),
      db.source.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, group: true, channel: true } }),
      db.employee.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true } }),
      db.tag.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    ]);
    res.json({ sites, campaigns, sources, employees, tags });
  });

  router.post('/sites', async (req, res) => {
    const input = parseInput(schemas.sites, req.body);
    res.status(201).json(await db.site.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/campaigns', async (req, res) => {
    const input = parseInput(schemas.campaigns, req.body);
    res.status(201).json(await db.campaign.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/sources', async (req, res) => {
    const input = parseInput(schemas.sources, req.body);
    res.status(201).json(await db.source.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/employees', async (req, res) => {
    const input = parseInput(schemas.employees, req.body);
    res.status(201).json(await db.employee.create({ data: { name: input.name, email: input.email ?? null, accountId: res.locals.accountId } }));
  });
  router.post('/tags', async (req, res) => {
    const input = parseInput(schemas.tags, req.body);
    res.status(201).json(await db.tag.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  return router;
}
