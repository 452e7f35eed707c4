import { Router } from 'express';
import { z } from 'zod';
import {
  CATALOG_KINDS,
  createCampaign,
  createEmployee,
  createSite,
  createSource,
  createTag,
  listCatalogOfAccount,
  setCatalogComagicId,
  type Database,
} from '@carrot-bridge/db';
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
const uuid = z.uuid();

/** The cabinet's catalogs the settings form picks from: list them, add to them. */
export function catalogRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/catalog', async (_req, res) => {
    res.json(await listCatalogOfAccount(db, res.locals.accountId as string));
  });

  router.post('/sites', async (req, res) => {
    const input = parseInput(schemas.sites, req.body);
    res.status(201).json(await createSite(db, res.locals.accountId as string, input));
  });
  router.post('/campaigns', async (req, res) => {
    const input = parseInput(schemas.campaigns, req.body);
    const campaign = await createCampaign(db, res.locals.accountId as string, input);
    if (!campaign) throw ConsoleException.invalid([{ field: 'siteId', message: 'Нет такого сайта в этом аккаунте' }]);
    res.status(201).json(campaign);
  });
  router.post('/sources', async (req, res) => {
    const input = parseInput(schemas.sources, req.body);
    res.status(201).json(await createSource(db, res.locals.accountId as string, input));
  });
  router.post('/employees', async (req, res) => {
    const input = parseInput(schemas.employees, req.body);
    res.status(201).json(await createEmployee(db, res.locals.accountId as string, input));
  });
  router.post('/tags', async (req, res) => {
    const input = parseInput(schemas.tags, req.body);
    res.status(201).json(await createTag(db, res.locals.accountId as string, input));
  });
  // The mapping of our catalog to the customer's CoMagic / UIS ids, one entity at a time.
  for (const kind of CATALOG_KINDS) {
    router.put(`/${kind}/:id/comagic-id`, async (req, res) => {
      const input = parseInput(comagicIdInput, req.body);
      const id = String(req.params.id);
      // A malformed id cannot exist: the same 404 as an id of another account.
      const found = uuid.safeParse(id).success && (await setCatalogComagicId(db, res.locals.accountId as string, kind, id, input.comagicId));
      if (!found) return void res.status(404).json({ status: 'not_found', message: 'No such entity in this account' });
      res.json({ id: req.params.id, comagicId: input.comagicId });
    });
  }

  return router;
}
