import { purgeAuditEventsBefore, type Database } from '@carrot-bridge/db';

/** The first moment the audit log still keeps at `now`: the same calendar day and time a year earlier (UTC). */
export function auditLogKeptSince(now: Date): Date {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  return since;
}

/** The daily purge (docs/access.md «Audit log»): every account's events older than a year go. */
export class AuditPurgeUseCase {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(): Promise<{ removed: number; keptSince: string }> {
    const keptSince = auditLogKeptSince(this.clock());
    const removed = await purgeAuditEventsBefore(this.db, keptSince);
    return { removed, keptSince: keptSince.toISOString() };
  }
}
