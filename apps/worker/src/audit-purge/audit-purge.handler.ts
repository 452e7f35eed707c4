import type { JobHandler } from '../lifecycle/job-handler';
import type { AuditPurgeUseCase } from './audit-purge.usecase';

/** The daily audit log purge: one attempt; a failed purge is logged and the next day's tries again. */
export function auditPurgeHandler(
  useCase: Pick<AuditPurgeUseCase, 'execute'>,
): JobHandler<Record<string, never>, { removed: number; keptSince: string }> {
  return {
    label: 'audit purge',
    execute: () => useCase.execute(),
    decide: (error) => ({
      action: 'retry',
      code: 'audit_purge_failed',
      reason: `audit purge failed; the next day's purge tries again: ${error instanceof Error ? error.message : String(error)}`,
    }),
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: 'audit log purged',
      fields: { ...outcome },
    }),
  };
}
