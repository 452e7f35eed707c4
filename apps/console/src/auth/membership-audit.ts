import type { Actor } from '@carrot-bridge/domain';
import type { AuditLog } from '../audit/audit-log';

/** What the session routes need of the audit log. */
export type SessionAudit = Pick<AuditLog, 'record'>;

/**
 * The audit log is kept per account; a person's sign-in belongs to every account they are a member of,
 * so it is one event in each (an owner of account A sees the sign-ins of A's people, no one else's).
 */
export async function recordInEachAccount(
  audit: SessionAudit | undefined,
  accountIds: Iterable<string>,
  event: { actor: Actor; action: string; details?: Record<string, unknown>; ip?: string | null },
): Promise<void> {
  if (!audit) return;
  await Promise.all(
    [...accountIds].map((accountId) =>
      audit.record({
        accountId,
        actor: event.actor,
        action: event.action,
        targetId: event.actor.id,
        details: event.details ?? null,
        ip: event.ip ?? null,
      }),
    ),
  );
}
