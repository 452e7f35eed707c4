// «Люди» of an account (issue #24): its members with their roles and its pending invitations; an owner
// (or the operator) changes a role or removes a member. The last owner can be neither demoted nor
// removed (409): an account always has someone who may manage it.
import {
  changeMembership,
  listAccountMembers,
  listPendingInvitations,
  type Database,
  type MembershipChange,
} from '@carrot-bridge/db';
import { assertNever, type Role } from '@carrot-bridge/domain';
import type { AuditContext, AuditLog } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';

export class PeopleService {
  constructor(private readonly deps: { db: Database; audit: Pick<AuditLog, 'record'>; now?: () => Date }) {}

  async list(accountId: string) {
    const now = this.deps.now?.() ?? new Date();
    const [people, invitations] = await Promise.all([
      listAccountMembers(this.deps.db, accountId),
      listPendingInvitations(this.deps.db, accountId, now),
    ]);
    return { people, invitations };
  }

  async changeRole(accountId: string, personId: string, role: Role, context: AuditContext): Promise<void> {
    const change = await changeMembership(this.deps.db, accountId, personId, role);
    const done = this.doneOrThrow(change, 'Нельзя понизить единственного владельца: сначала назначьте другого');
    if (done.before === role) return;
    await this.deps.audit.record({
      accountId,
      actor: context.actor,
      action: 'person.role_changed',
      targetId: personId,
      details: { email: done.email, from: done.before, to: role },
      ip: context.ip ?? null,
    });
  }

  /** Ends the membership; the person's sessions stay, but this account is closed to them at once. */
  async remove(accountId: string, personId: string, context: AuditContext): Promise<void> {
    const change = await changeMembership(this.deps.db, accountId, personId, null);
    const done = this.doneOrThrow(change, 'Нельзя удалить единственного владельца: сначала назначьте другого');
    await this.deps.audit.record({
      accountId,
      actor: context.actor,
      action: 'person.removed',
      targetId: personId,
      details: { email: done.email, role: done.before },
      ip: context.ip ?? null,
    });
  }

  private doneOrThrow(change: MembershipChange, lastOwnerMessage: string) {
    switch (change.outcome) {
      case 'done':
        return change;
      case 'not-found':
        throw ConsoleException.notFound('person');
      case 'last-owner':
        throw new ConsoleException(ConsoleExceptionCode.Conflict, lastOwnerMessage);
      default:
        return assertNever(change);
    }
  }
}
