// The audit log (issue #24, docs/access.md «Audit log»): who did what in an account. Rows are written
// by the console's AuditLog (which strips secrets first) and read newest first, a page at a time.
import type { Database } from './create-prisma-client';
import type { Prisma } from './generated/prisma/client';

export interface AuditEventInput {
  accountId: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetId?: string | null;
  /** Already cleaned by the caller: field names, ids, counts, outcomes; never a secret or message text. */
  details?: Prisma.InputJsonValue | null;
  ip?: string | null;
  /** Defaults to now; tests and the purge's tests set it. */
  at?: Date;
}

export async function recordAuditEvent(db: Database, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      accountId: event.accountId,
      actorKind: event.actorKind,
      actorId: event.actorId,
      actorLabel: event.actorLabel,
      action: event.action,
      targetId: event.targetId ?? null,
      ...(event.details != null ? { details: event.details } : {}),
      ip: event.ip ?? null,
      ...(event.at ? { at: event.at } : {}),
    },
  });
}

/** Where the previous page stopped: the last event's time and id (ties in `at` are ordered by id). */
export interface AuditCursor {
  at: Date;
  id: string;
}

export interface AuditEventFilter {
  /** An actor's id (a person's or token's) or label (an e-mail, «operator (CLI, deploy)»). */
  actor?: string;
  /** An action (`webhook.rotated`) or its kind (`integration` matches `integration.updated`, not `integrations`). */
  action?: string;
  before?: AuditCursor;
  /** 1..200; 50 by default. */
  limit?: number;
}

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export interface AuditEventRow {
  id: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetId: string | null;
  details: Prisma.JsonValue | null;
  ip: string | null;
}

/** One page of an account's events, newest first, and the cursor of the next page (null: no more). */
export async function listAuditEvents(
  db: Database,
  accountId: string,
  filter: AuditEventFilter = {},
): Promise<{ events: AuditEventRow[]; next: AuditCursor | null }> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? AUDIT_PAGE_DEFAULT), 1), AUDIT_PAGE_MAX);
  const and: Prisma.AuditEventWhereInput[] = [{ accountId }];
  if (filter.actor) and.push({ OR: [{ actorId: filter.actor }, { actorLabel: filter.actor }] });
  if (filter.action) {
    const prefix = filter.action.endsWith('.') ? filter.action : `${filter.action}.`;
    and.push({ OR: [{ action: filter.action }, { action: { startsWith: prefix } }] });
  }
  if (filter.before) {
    const { at, id } = filter.before;
    and.push({ OR: [{ at: { lt: at } }, { at, id: { lt: id } }] });
  }
  // One row more than the page tells whether another page follows.
  const rows = await db.auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: {
      id: true,
      at: true,
      actorKind: true,
      actorId: true,
      actorLabel: true,
      action: true,
      targetId: true,
      details: true,
      ip: true,
    },
  });
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  return { events, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}

/** Who has events in the account (the page's «кто» filter), by label; at most `limit` of them. */
export async function listAuditActors(
  db: Database,
  accountId: string,
  limit = 200,
): Promise<Array<{ actorKind: string; actorLabel: string }>> {
  return db.auditEvent.findMany({
    where: { accountId },
    distinct: ['actorKind', 'actorLabel'],
    select: { actorKind: true, actorLabel: true },
    orderBy: [{ actorKind: 'asc' }, { actorLabel: 'asc' }],
    take: limit,
  });
}

/** Deletes every event older than `before` (the daily purge: a year is kept); returns how many. */
export async function purgeAuditEventsBefore(db: Database, before: Date): Promise<number> {
  const { count } = await db.auditEvent.deleteMany({ where: { at: { lt: before } } });
  return count;
}
