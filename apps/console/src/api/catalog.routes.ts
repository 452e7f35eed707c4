import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';

const text = (max: number) => z.string().trim().min(1, 'Обязательное поле').max(max);
/** The entity's id in the customer's CoMagic / UIS account (what the Data API export sends). */
const comagicId = z.number().int().positive().max(2 ** 31 - 1).nullable().default(null);
const schemas = {
  sites: z.object({ domain: text(253), siteKey: text(64), comagicId }),
  campaigns: z.object({ siteId: z.uuid(), name: text(200), isSystem: z.boolean().default(false), comagicId }),
  sources: z.object({ name: text(200), group: text(200), channel: text(200), comagicId }),
  employees: z.object({ name: text(200), email: z.email().nullable().optional(), comagicId }),
  tags: z.object({ name: text(100), comagicId }),
};
const comagicIdInput = z.object({ comagicId });

/** The cabinet's catalogs the settings form picks from: list them, add to them. */
export function catalogRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/catalog', async (_req, res) => {
    const where = { where: { accountId: res.locals.accountId as string } };
    const [sites, campaigns, sources, employees, tags] = await Promise.all([
      db.site.findMany({ ...where, orderBy: { domain: 'asc' }, select: { id: true, domain: true, siteKey: true, comagicId: true } }),
      db.campaign.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, siteId: true, name: true, isSystem: true, comagicId: true } }),
      db.source.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, group: true, channel: true, comagicId: true } }),
      db.employee.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true, comagicId: true } }),
      db.tag.findMany({ ...where, orderBy: { name: 'asc' }, select: { id: true, name: true, comagicId: true } }),
    ]);
    res.json({ sites, campaigns, sources, employees, tags });
  });

  router.post('/sites', async (req, res) => {
    const input = parseInput(schemas.sites, req.body);
    res.status(201).json(await db.site.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/campaigns', async (req, res) => {
    const input = parseInput(schemas.campaigns, req.body);
    // Another account's site would fail the composite foreign key as a 500: say what is wrong instead.
    if ((await db.site.count({ where: { id: input.siteId, accountId: res.locals.accountId as string } })) === 0) {
      throw ConsoleException.invalid([{ field: 'siteId', message: 'Нет такого сайта в этом аккаунте' }]);
    }
    res.status(201).json(await db.campaign.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/sources', async (req, res) => {
    const input = parseInput(schemas.sources, req.body);
    res.status(201).json(await db.source.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  router.post('/employees', async (req, res) => {
    const input = parseInput(schemas.employees, req.body);
    res.status(201).json(await db.employee.create({ data: { name: input.name, email: input.email ?? null, comagicId: input.comagicId, accountId: res.locals.accountId } }));
  });
  router.post('/tags', async (req, res) => {
    const input = parseInput(schemas.tags, req.body);
    res.status(201).json(await db.tag.create({ data: { ...input, accountId: res.locals.accountId } }));
  });
  // The mapping of our catalog to the customer's CoMagic / UIS ids, one entity at a time.
  const setComagicId = (kind: string, update: (id: string, accountId: string, value: number | null) => Promise<{ count: number }>) =>
    router.put(`/${kind}/:id/comagic-id`, async (req, res) => {
      const input = parseInput(comagicIdInput, req.body);
      const { count } = await update(String(req.params.id), res.locals.accountId as string, input.comagicId);
      if (count === 0) return void res.status(404).json({ status: 'not_found', message: 'No such entity in this account' });
      res.json({ id: req.params.id, comagicId: input.comagicId });
    });
  const scoped = (id: string, accountId: string) => ({ id: z.uuid().safeParse(id).success ? id : '00000000-0000-0000-0000-000000000000', accountId });
  setComagicId('sites', (id, accountId, comagicId) => db.site.updateMany({ where: scoped(id, accountId), data: { comagicId } }));
  setComagicId('campaigns', (id, accountId, comagicId) => db.campaign.updateMany({ where: scoped(id, accountId), data: { comagicId } }));
  setComagicId('sources', (id, accountId, comagicId) => db.source.updateMany({ where: scoped(id, accountId), data: { comagicId } }));
  setComagicId('employees', (id, accountId, comagicId) => db.employee.updateMany({ where: scoped(id, accountId), data: { comagicId } }));
  setComagicId('tags', (id, accountId, comagicId) => db.tag.updateMany({ where: scoped(id, accountId), data: { comagicId } }));

  return router;
}
