// «Срок хранения переписки» of an account (issue #25, docs/personal-data.md): how many days a chat keeps
// its transcript, first message and contacts (null: for ever), and how the worker's daily sweep last went.
import { getRetentionSettings, setRetentionDays, type Database } from '@carrot-bridge/db';
import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN } from '@carrot-bridge/domain';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';

/** What `GET .../personal-data/retention` answers. */
export interface RetentionSettingsView {
  days: number | null;
  /** The last sweep of the account; null before its first one. */
  lastRun: { startedAt: string | null; finishedAt: string | null; erased: number; error: string | null } | null;
}

/** `days` of the body: a whole number of days in range, or null (keep for ever); else a 422 on `days`. */
export function readRetentionDays(body: unknown): number | null {
  const days = typeof body === 'object' && body !== null ? (body as { days?: unknown }).days : undefined;
  if (days === null) return null;
  if (typeof days === 'number' && Number.isInteger(days) && days >= RETENTION_DAYS_MIN && days <= RETENTION_DAYS_MAX)
    return days;
  throw ConsoleException.invalid([
    {
      field: 'days',
      message: `Срок хранения — целое число дней от ${RETENTION_DAYS_MIN} до ${RETENTION_DAYS_MAX}, или "null": хранить всегда`,
    },
  ]);
}

export class RetentionSettingsService {
  constructor(private readonly deps: { db: Database; audit: AuditRecorder }) {}

  async get(accountId: string): Promise<RetentionSettingsView> {
    const { days, state } = await getRetentionSettings(this.deps.db, accountId);
    return {
      days,
      lastRun: state
        ? {
            startedAt: state.lastStartedAt?.toISOString() ?? null,
            finishedAt: state.lastFinishedAt?.toISOString() ?? null,
            erased: state.lastErased,
            error: state.lastError,
          }
        : null,
    };
  }

  /** Sets the account's retention; the next daily sweep erases what is past it (docs/personal-data.md). */
  async set(accountId: string, body: unknown, by: AuditContext): Promise<RetentionSettingsView> {
    const { from, to } = await setRetentionDays(this.deps.db, accountId, readRetentionDays(body));
    if (from !== to)
      await this.deps.audit.recordFor(by, {
        accountId,
        action: 'personal_data.retention_changed',
        targetId: accountId,
        details: { from, to },
      });
    return this.get(accountId);
  }
}
