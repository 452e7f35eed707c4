// `pnpm cq audit`'s lines: one per event, newest first, as the page's «Журнал действий» reads. Labels,
// ids and details came from outside (an e-mail, a catalog name): cq prints them through terminalSafeLines.
import { auditActionLabel } from '../audit/audit-actions';

export interface AuditLineEvent {
  at: string;
  actor: { kind: string; label: string };
  action: string;
  targetId: string | null;
  details: unknown;
}

/** 2026-12-03T13:30:35.123Z → 2026-12-03 13:30:35 UTC (a server's log has no reader's time zone). */
function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function auditLine(event: AuditLineEvent): string {
  const parts = [utcTime(event.at), event.actor.label, `${auditActionLabel(event.action)} (${event.action})`];
  if (event.targetId) parts.push(event.targetId);
  if (event.details !== null && event.details !== undefined) parts.push(JSON.stringify(event.details));
  return parts.join('  ');
}

/** The events' lines, then how to read on (the next page's cursor) or that there is nothing more. */
export function auditLines(accountId: string, page: { events: AuditLineEvent[]; next: string | null }): string[] {
  if (page.events.length === 0) return ['no audit events'];
  const more = page.next
    ? `older events: pnpm cq audit --account ${accountId} --before ${page.next}`
    : `${page.events.length} event(s), no older ones`;
  return [...page.events.map(auditLine), more];
}
