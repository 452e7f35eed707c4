import type { JobHandler } from '../lifecycle/job-handler';
import { reportCompleted, retryDecision } from '../job-handler-parts';
import type { AuditPurgeUseCase } from './audit-purge.usecase';

/** The daily audit log purge: one attempt; a failed purge is logged and the next day's tries again. */
export function auditPurgeHandler(
  useCase: Pick<AuditPurgeUseCase, 'execute'>,
): JobHandler<Record<string, never>, { removed: number; keptSince: string }> {
  return {
    label: 'audit purge',
    execute: () => useCase.execute(),
    decide: retryDecision('audit_purge_failed', "audit purge failed; the next day's purge tries again"),
    report: reportCompleted('ok', 'audit log purged'),
  };
}
