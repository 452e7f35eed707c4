import { findIntegrationAccountId, type Database } from '@carrot-bridge/db';
import type { IntegrationJobKind, IntegrationJobScope, QueueInspector } from '@carrot-bridge/queue';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import { jobReasonInRussian } from './job-reason';
import { fromQueue } from './queue-unavailable';

/** The kinds as the page names them. */
export const JOB_KIND_LABELS: Readonly<Record<IntegrationJobKind, string>> = {
  chatImport: 'Загрузка чата',
  chatExport: 'Выгрузка в CoMagic / UIS',
  catchUp: 'Сверка с CarrotQuest',
  backfill: 'Загрузка истории',
  sessionLookup: 'Поиск сессий в кабинете',
};

export interface IntegrationJobsDeps {
  db: Database;
  inspector: Pick<QueueInspector, 'listJobsOf' | 'retryJobOf' | 'retryFailedOf'>;
  audit: AuditRecorder;
}

/**
 * «Задачи» of one integration: its jobs of every kind with their reasons in Russian (the worker's text
 * kept beside), and «Повторить» one failed job or all — audited as `jobs.replayed`, as `pnpm cq
 * replay-failed` is.
 */
export class IntegrationJobsService {
  constructor(private readonly deps: IntegrationJobsDeps) {}

  /** The integration of this account (a deleted one or another account's is a 404, its jobs unconfirmed). */
  private async scope(accountId: string, integrationId: string): Promise<IntegrationJobScope> {
    if ((await findIntegrationAccountId(this.deps.db, integrationId)) !== accountId)
      throw ConsoleException.notFound('integration');
    return { accountId, integrationId };
  }

  async list(accountId: string, integrationId: string) {
    const scope = await this.scope(accountId, integrationId);
    const list = await fromQueue(() => this.deps.inspector.listJobsOf(scope));
    return {
      ...list,
      jobs: list.jobs.map((job) => ({
        ...job,
        kindLabel: JOB_KIND_LABELS[job.kind],
        reasonText: jobReasonInRussian(job.reason),
      })),
    };
  }

  async retryOne(accountId: string, integrationId: string, jobId: string, by: AuditContext): Promise<{ count: 1 }> {
    const scope = await this.scope(accountId, integrationId);
    const outcome = await fromQueue(() => this.deps.inspector.retryJobOf(scope, jobId));
    if (outcome === 'not-found') throw ConsoleException.notFound('job');
    if (outcome === 'not-failed')
      throw new ConsoleException(ConsoleExceptionCode.Conflict, 'Задача не завершилась ошибкой: повторять нечего');
    const details = { count: 1, jobId };
    await this.deps.audit.recordFor(by, { accountId, action: 'jobs.replayed', targetId: integrationId, details });
    return { count: 1 };
  }

  async retryFailed(accountId: string, integrationId: string, by: AuditContext): Promise<{ count: number }> {
    const scope = await this.scope(accountId, integrationId);
    const count = await fromQueue(() => this.deps.inspector.retryFailedOf(scope));
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'jobs.replayed',
      targetId: integrationId,
      details: { count },
    });
    return { count };
  }
}
