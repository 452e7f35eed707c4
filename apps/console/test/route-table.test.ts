// Every route of the console declares who may use it (issue #24): walks the Express route table of an app
// built with every optional part, so a route added without a policy, or a middleware that answers
// requests without one, fails here before it reaches anyone.
import { expect } from 'chai';
import type { Queue } from 'bullmq';
import type { Database } from '@carrot-bridge/db';
import type { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { AccessPolicy, ApiScope } from '@carrot-bridge/domain';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { readRouteTable } from '../src/auth/route-table';
import type { BackfillService } from '../src/backfill/backfill.service';
import type { CabinetService } from '../src/cabinet/cabinet.service';
import { createConsoleApp, type ConsoleDeps } from '../src/create-console-app';
import type { IntegrationService } from '../src/integrations/integration.service';

/** Nothing here is called: the routes are only built, never asked. */
function everyRouteApp() {
  return createConsoleApp({
    db: {} as Database,
    queues: [] as Queue[],
    logger: createMemoryLogger('route-table').logger,
    user: 'admin',
    password: 'correct-horse-battery',
    pingRedis: async () => true,
    integrations: {} as IntegrationService,
    backfill: {} as BackfillService,
    cabinet: {} as CabinetService,
    deliveries: { read: async () => ({}) } as unknown as Pick<DeliveryLog, 'read'>,
    secretsKey: Buffer.alloc(32).toString('base64'),
    personalData: {} as NonNullable<ConsoleDeps['personalData']>,
    jobs: {} as NonNullable<ConsoleDeps['jobs']>,
  });
}

const ACCOUNT = '/api/accounts/:accountId';
const viewer = (scope?: ApiScope): AccessPolicy =>
  scope ? { kind: 'account', role: 'viewer', scope } : { kind: 'account', role: 'viewer' };
const editor = (scope?: ApiScope): AccessPolicy =>
  scope ? { kind: 'account', role: 'editor', scope } : { kind: 'account', role: 'editor' };
const owner: AccessPolicy = { kind: 'account', role: 'owner' };

/** The roles table of docs/access.md, route by route: what a person and a token may do. */
const EXPECTED: [string, string, AccessPolicy][] = [
  ['GET', '/healthz', { kind: 'public' }],
  ['GET', '/readyz', { kind: 'public' }],
  ['*', '/admin/queues/*', { kind: 'operator' }],
  ['GET', '/api/accounts', { kind: 'signed-in' }],
  ['POST', '/api/accounts', { kind: 'operator' }],
  ['GET', `${ACCOUNT}/chats`, viewer('chats:read')],
  ['GET', `${ACCOUNT}/chats/:chatId`, viewer('chats:read')],
  ['GET', `${ACCOUNT}/reports/chats-per-day`, viewer('report:read')],
  ['GET', `${ACCOUNT}/reports/chats-per-day.csv`, viewer('report:read')],
  ['POST', `${ACCOUNT}/visitor-sessions/bulk`, editor('sessions:write')],
  ['GET', `${ACCOUNT}/visitor-sessions/:externalId`, viewer()],
  ['GET', `${ACCOUNT}/catalog`, viewer('settings:write')],
  ['POST', `${ACCOUNT}/sites`, editor()],
  ['PUT', `${ACCOUNT}/sites/:id/comagic-id`, editor()],
  ['GET', `${ACCOUNT}/integrations`, viewer('settings:write')],
  ['POST', `${ACCOUNT}/integrations`, editor('settings:write')],
  ['GET', `${ACCOUNT}/integrations/:integrationId`, viewer('settings:write')],
  ['PUT', `${ACCOUNT}/integrations/:integrationId`, editor('settings:write')],
  ['DELETE', `${ACCOUNT}/integrations/:integrationId`, editor()],
  ['POST', `${ACCOUNT}/integrations/:integrationId/activate`, editor('settings:write')],
  ['POST', `${ACCOUNT}/integrations/:integrationId/rotate-webhook-key`, editor('settings:write')],
  ['GET', `${ACCOUNT}/integrations/:integrationId/status`, viewer()],
  ['POST', `${ACCOUNT}/integrations/:integrationId/backfill`, editor()],
  ['GET', `${ACCOUNT}/integrations/:integrationId/backfill`, viewer()],
  ['GET', `${ACCOUNT}/integrations/:integrationId/deliveries`, viewer()],
  ['GET', `${ACCOUNT}/integrations/:integrationId/jobs`, viewer()],
  ['POST', `${ACCOUNT}/integrations/:integrationId/jobs/:jobId/retry`, editor()],
  ['POST', `${ACCOUNT}/integrations/:integrationId/jobs/retry-failed`, editor()],
  ['POST', `${ACCOUNT}/chats/:chatId/reimport`, editor()],
  ['POST', `${ACCOUNT}/chats/:chatId/reexport`, editor()],
  ['PUT', `${ACCOUNT}/integrations/:integrationId/operators/:operatorId`, editor()],
  ['GET', `${ACCOUNT}/cabinet`, viewer()],
  ['PUT', `${ACCOUNT}/cabinet`, editor()],
  ['POST', `${ACCOUNT}/api-tokens`, owner],
  ['GET', `${ACCOUNT}/api-tokens`, owner],
  ['DELETE', `${ACCOUNT}/api-tokens/:tokenId`, owner],
  ['GET', `${ACCOUNT}/personal-data/retention`, viewer()],
  ['PUT', `${ACCOUNT}/personal-data/retention`, owner],
  ['POST', `${ACCOUNT}/personal-data/erasures`, owner],
  ['GET', `${ACCOUNT}/personal-data/erasures`, editor()],
  ['GET', `${ACCOUNT}/personal-data/erasures/:erasureId`, editor()],
  ['GET', `${ACCOUNT}/personal-data/erasures/:erasureId/act.csv`, editor()],
];

describe('route table: every route declares its access policy', () => {
  const { routes, undeclared } = readRouteTable(everyRouteApp());

  it('finds the routes (the walk itself works)', () => {
    expect(routes.length).to.be.greaterThan(40);
    expect(routes.map((route) => `${route.method} ${route.path}`)).to.include(`GET ${ACCOUNT}/chats`);
  });

  it('no route is without a policy', () => {
    const missing = routes.filter((route) => route.policy === null).map((route) => `${route.method} ${route.path}`);
    expect(missing, 'routes without requireAccess / requireRole as their first handler').to.deep.equal([]);
  });

  it('no mounted middleware answers requests without one', () => {
    expect(
      undeclared.map((layer) => `${layer.path} (${layer.name})`),
      'wrap it in accessScope(policy, ...) or, if it serves nothing, preAccess(...)',
    ).to.deep.equal([]);
  });

  it("a route of one account is an account's route: never open to anyone signed in", () => {
    const loose = routes.filter((route) => route.path.startsWith(`${ACCOUNT}/`) && route.policy?.kind !== 'account');
    expect(loose.map((route) => `${route.method} ${route.path} ${route.policy?.kind}`)).to.deep.equal([]);
    const outside = routes.filter((route) => !route.path.startsWith(`${ACCOUNT}/`) && route.policy?.kind === 'account');
    expect(
      outside.map((route) => `${route.method} ${route.path}`),
      'no :accountId to decide on',
    ).to.deep.equal([]);
  });

  it('the policies are the roles table of docs/access.md', () => {
    for (const [method, path, policy] of EXPECTED) {
      const found = routes.filter((route) => route.method === method && route.path === path);
      expect(found, `${method} ${path}`).to.have.length(1);
      expect(found[0]!.policy, `${method} ${path}`).to.deep.equal(policy);
    }
  });

  it('every write needs at least an editor; only reads are open to a viewer', () => {
    const weakWrites = routes.filter(
      (route) =>
        route.policy?.kind === 'account' && !['GET', 'HEAD'].includes(route.method) && route.policy.role === 'viewer',
    );
    expect(weakWrites.map((route) => `${route.method} ${route.path}`)).to.deep.equal([]);
  });
});
