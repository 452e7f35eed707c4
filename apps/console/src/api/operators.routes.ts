import { Router } from 'express';
import { z } from 'zod';
import type { OperatorMappingService } from '../integrations/operator-mapping.service';
import { auditContextOf as by } from '../audit/audit-log';
import { parseInput } from './api-error';
import { pathId } from './account-scope';
import { requireRole } from '../auth/route-access';

/** null maps the operator back to the integration's default employee. */
const operatorEmployeeInput = z.object({ employeeId: z.uuid().nullable() });

/** «Сотрудники»: the integration's CarrotQuest operators and the employee each is exported as. */
export function operatorRoutes(service: OperatorMappingService): Router {
  const router = Router({ mergeParams: true });
  const account = (res: { locals: Record<string, unknown> }) => res.locals.accountId as string;
  type Req = Parameters<Parameters<Router['get']>[1]>[0];
  const integration = (req: Req) => pathId(req, 'integrationId', 'integration');

  router.get('/integrations/:integrationId/operators', requireRole('viewer'), async (req, res) => {
    res.json(await service.list(account(res), integration(req)));
  });
  router.put('/integrations/:integrationId/operators/:operatorId', requireRole('editor'), async (req, res) => {
    const integrationId = integration(req);
    const operatorId = pathId(req, 'operatorId', 'operator');
    const { employeeId } = parseInput(operatorEmployeeInput, req.body);
    res.json(await service.setEmployee(account(res), integrationId, operatorId, employeeId, by(req, res)));
  });
  router.post('/integrations/:integrationId/operators/refresh', requireRole('editor'), async (req, res) => {
    res.json(await service.refresh(account(res), integration(req), by(req, res)));
  });
  return router;
}
