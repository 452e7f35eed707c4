import { AUDIT_PURGE } from './job-catalog';
import { repeatingTickScheduler } from './repeating-tick-scheduler';

// The audit log is kept a year (docs/access.md «Audit log»): once a day a purge deletes what is older.

/** How often the audit log's old events are purged. */
export const AUDIT_PURGE_EVERY_MS = 24 * 60 * 60_000;

export class AuditPurgeScheduler extends repeatingTickScheduler({
  schedulerId: 'audit-purge-daily',
  job: AUDIT_PURGE,
  everyMs: AUDIT_PURGE_EVERY_MS,
}) {}
