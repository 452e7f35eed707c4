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
  removedCatalogIds,
  setCatalogComagicId,
  type Database,
} from '@carrot-bridge/db';
import { auditContextOf, type AuditRecorder } from '../audit/audit-log';
import { ConsoleException, type MissingThing } from '../console-exception';
import { parseInput } from './api-error';
import { catalogInputSchemas as schemas, comagicIdInputSchema as comagicIdInput } from './catalog-input';
import { requireRole } from '../auth/route-access';

const uuid = z.uuid();
/** What a 404 of each catalog calls the missing entry. */
const CATALOG_THING: Record<(typeof CATALOG_KINDS)[number], MissingThing> = {
  sites: 'site',
  campaigns: 'campaign',
  sources: 'source',
  employees: 'employee',
  tags: 'tag',
};

/** The cabinet's catalogs the settings form picks from: list them, add to them (each addition audited). */
export function catalogRoutes(db: Database, audit: AuditRecorder): Router {
  const router = Router({ mergeParams: true });
  type Req = Parameters<Parameters<Router['post']>[1]>[0];
  type Res = Parameters<Parameters<Router['post']>[1]>[1];
  const created = async <T extends { id: string }>(req: Req, res: Res, kind: string, entry: T): Promise<T> => {
    const accountId = res.locals.accountId as string;
    await audit.recordFor(auditContextOf(req, res), {
      accountId,
      action: 'catalog.created',
      targetId: entry.id,
      details: { kind },
    });
    return entry;
  };

  router.get('/catalog', requireRole('viewer', 'settings:write'), async (_req, res) => {
    const accountId = res.locals.accountId as string;
    const [catalog, removed] = await Promise.all([
      listCatalogOfAccount(db, accountId),
      removedCatalogIds(db, accountId),
    ]);
    // Entries the cabinet no longer lists (docs/cabinet.md): kept for the chats and settings that point at them, greyed out on the page.
    const mark = <T extends { id: string }>(entries: T[], ids: Set<string>) =>
      entries.map((entry) => ({ ...entry, removedInCabinet: ids.has(entry.id) }));
    res.json({
      sites: mark(catalog.sites, removed.sites),
      campaigns: mark(catalog.campaigns, removed.campaigns),
      sources: mark(catalog.sources, removed.sources),
      employees: mark(catalog.employees, removed.employees),
      tags: mark(catalog.tags, removed.tags),
    });
  });

  router.post('/sites', requireRole('editor'), async (req, res) => {
    const input = parseInput(schemas.sites, req.body);
    res.status(201).json(await created(req, res, 'sites', await createSite(db, res.locals.accountId as string, input)));
  });
  router.post('/campaigns', requireRole('editor'), async (req, res) => {
    const input = parseInput(schemas.campaigns, req.body);
    const campaign = await createCampaign(db, res.locals.accountId as string, input);
    if (!campaign) throw ConsoleException.invalid([{ field: 'siteId', message: 'Нет такого сайта в этом аккаунте' }]);
    res.status(201).json(await created(req, res, 'campaigns', campaign));
  });
  router.post('/sources', requireRole('editor'), async (req, res) => {
    const input = parseInput(schemas.sources, req.body);
    res
      .status(201)
      .json(await created(req, res, 'sources', await createSource(db, res.locals.accountId as string, input)));
  });
  router.post('/employees', requireRole('editor'), async (req, res) => {
    const input = parseInput(schemas.employees, req.body);
    res
      .status(201)
      .json(await created(req, res, 'employees', await createEmployee(db, res.locals.accountId as string, input)));
  });
  router.post('/tags', requireRole('editor'), async (req, res) => {
    const input = parseInput(schemas.tags, req.body);
    res.status(201).json(await created(req, res, 'tags', await createTag(db, res.locals.accountId as string, input)));
  });
  // The mapping of our catalog to the customer's CoMagic / UIS ids, one entity at a time.
  for (const kind of CATALOG_KINDS) {
    router.put(`/${kind}/:id/comagic-id`, requireRole('editor'), async (req, res) => {
      const input = parseInput(comagicIdInput, req.body);
      const id = String(req.params.id);
      // A malformed id cannot exist: the same 404 as an id of another account.
      const found =
        uuid.safeParse(id).success &&
        (await setCatalogComagicId(db, res.locals.accountId as string, kind, id, input.comagicId));
      if (!found) throw ConsoleException.notFound(CATALOG_THING[kind]);
      const details = { kind, comagicId: input.comagicId };
      await audit.recordFor(auditContextOf(req, res), {
        accountId: res.locals.accountId as string,
        action: 'catalog.comagic_id_set',
        targetId: id,
        details,
      });
      res.json({ id: req.params.id, comagicId: input.comagicId });
    });
  }

  return router;
}
