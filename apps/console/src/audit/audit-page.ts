// The audit log as the API and the page read it: one page of events and the opaque cursor of the next.
import type { AuditCursor, AuditEventRow } from '@carrot-bridge/db';
import { auditActionLabel } from './audit-actions';
import { isUuid } from '../api/account-scope';

/** `before` of the next page: the last event's time and id, base64url so it is one opaque token. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor in `before`, or null when it is not one this API gave out. */
export function decodeAuditCursor(text: string): AuditCursor | null {
  const [at, id, extra] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !at || !id || !isUuid(id)) return null;
  const when = new Date(at);
  return Number.isNaN(when.getTime()) || when.toISOString() !== at ? null : { at: when, id };
}

/**
 * One event as `GET .../audit` answers it: who (kind and label, never a secret), what (and its Russian
 * `label`), to what, facts.
 */
export function presentAuditEvent(row: AuditEventRow) {
  return {
    at: row.at.toISOString(),
    actor: { kind: row.actorKind, label: row.actorLabel },
    action: row.action,
    label: auditActionLabel(row.action),
    targetId: row.targetId,
    details: row.details ?? null,
  };
}

export function presentAuditPage(page: { events: AuditEventRow[]; next: AuditCursor | null }) {
  return { events: page.events.map(presentAuditEvent), next: page.next ? encodeAuditCursor(page.next) : null };
}
