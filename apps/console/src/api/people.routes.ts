import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ROLES } from '@carrot-bridge/domain';
import { auditContextOf } from '../audit/audit-log';
import { principalOf } from '../auth/principal';
import { requireAccess, requireRole } from '../auth/route-access';
import {
  acceptInputSchema,
  invitationInputSchema,
  type InvitationService,
  type ResetRequester,
} from '../people/invitation.service';
import type { PeopleService } from '../people/people.service';
import { httpStatusOfPeopleRefusal, PeopleRefusal } from '../people/people-refusal';
import { pathId } from './account-scope';
import { parseInput } from './api-error';

const roleInput = z.object({ role: z.enum(ROLES) });

/** People refusals (link states, a weak password, a reset not allowed) as JSON; anything else goes on. */
function peopleRefusalAnswer(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof PeopleRefusal)) return next(error);
  res.status(httpStatusOfPeopleRefusal(error.code)).json({ status: error.code, message: error.message });
}

/** «Люди» of an account (`/api/accounts/:accountId/...`): its owners and the operator only. */
export function peopleRoutes(people: PeopleService, invitations: InvitationService): Router {
  const router = Router({ mergeParams: true });
  const owner = requireRole('owner');
  const account = (res: Response) => res.locals.accountId as string;
  const person = (req: Request) => pathId(req, 'personId', 'person');

  router.get('/people', owner, async (_req, res) => {
    res.json(await people.list(account(res)));
  });
  router.patch('/people/:personId', owner, async (req, res) => {
    const personId = person(req);
    const { role } = parseInput(roleInput, req.body);
    await people.changeRole(account(res), personId, role, auditContextOf(req, res));
    res.status(204).end();
  });
  router.delete('/people/:personId', owner, async (req, res) => {
    await people.remove(account(res), person(req), auditContextOf(req, res));
    res.status(204).end();
  });
  router.post('/people/:personId/password-reset', owner, async (req, res) => {
    const principal = principalOf(res);
    const requester: ResetRequester =
      principal?.kind === 'person' ? { kind: 'person', roles: principal.roles } : { kind: 'operator' };
    res
      .status(201)
      .json(await invitations.requestPasswordReset(account(res), person(req), requester, auditContextOf(req, res)));
  });
  router.post('/invitations', owner, async (req, res) => {
    const input = parseInput(invitationInputSchema, req.body);
    res.status(201).json(await invitations.invite(account(res), input, auditContextOf(req, res)));
  });
  router.delete('/invitations/:invitationId', owner, async (req, res) => {
    await invitations.cancel(account(res), pathId(req, 'invitationId', 'invitation'), auditContextOf(req, res));
    res.status(204).end();
  });
  router.use(peopleRefusalAnswer);
  return router;
}

/**
 * The invitation page's API (`/api/invitations/:token`), open to anyone holding a link: what the link
 * is for, and accepting it with the new password.
 */
export function invitationAcceptRoutes(invitations: InvitationService): Router {
  const router = Router();
  const open = requireAccess({ kind: 'public' });
  const token = (req: Request) => String(req.params.token ?? '');

  router.get('/invitations/:token', open, async (req, res) => {
    res.json((await invitations.describe(token(req))).view);
  });
  router.post('/invitations/:token/accept', open, async (req, res) => {
    const { password } = parseInput(acceptInputSchema, req.body);
    await invitations.accept(token(req), password, req.ip ?? null);
    res.status(204).end();
  });
  router.use(peopleRefusalAnswer);
  return router;
}
