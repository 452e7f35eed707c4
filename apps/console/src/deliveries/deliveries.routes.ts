import { Router } from 'express';
import type { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { IntegrationService } from '../integrations/integration.service';
import { pathId } from '../api/account-scope';
import { requireRole } from '../auth/route-access';
import { presentDeliveryLog } from './delivery-log-presenter';

/**
 * GET .../integrations/:id/deliveries: the integration's last webhook deliveries and the redacted raw
 * bodies of the newest ones («Журнал доставок»). What CarrotQuest really sends is not fully documented;
 * this is where the first live delivery settles it.
 */
export function deliveryRoutes(integrations: Pick<IntegrationService, 'get'>, log: Pick<DeliveryLog, 'read'>): Router {
  const router = Router({ mergeParams: true });
  router.get('/integrations/:integrationId/deliveries', requireRole('viewer'), async (req, res) => {
    const integrationId = pathId(req, 'integrationId', 'integration');
    // Ownership first: another account's integration is a 404 like any unknown one.
    await integrations.get(res.locals.accountId as string, integrationId);
    res.setHeader('Cache-Control', 'no-store');
    // Reasons in Russian beside the English detail (delivery-reasons.ts).
    res.json(presentDeliveryLog(await log.read(integrationId)));
  });
  return router;
}
