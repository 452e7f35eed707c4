import { randomUUID } from 'node:crypto';
import {
  claimBackfillRun,
  failBackfillRun,
  readBackfillState,
  requestBackfillStop,
  type Database,
} from '@carrot-bridge/db';
import type { FieldError } from '@carrot-bridge/domain';
import type { BackfillScheduler } from '@carrot-bridge/queue';
import { periodTooLongMessage } from '../api/period-too-long';
import { DATE_RANGE_MESSAGE, isWithinInputRange } from '../api/storable-input';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import type { IntegrationKeyService } from '../integrations/integration-key.service';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { backfillProgress, type BackfillProgress } from './backfill-progress';

export interface BackfillServiceDeps {
  db: Database;
  scheduler: Pick<BackfillScheduler, 'isScheduled' | 'enqueue'>;
  integrations: Pick<IntegrationKeyService, 'carrotQuestClient'>;
  audit: AuditRecorder;
}

/** Longest period one backfill may cover: CarrotQuest keeps history, but a year is plenty for analytics. */
export const MAX_BACKFILL_DAYS = 366;

const DAY_MS = 86_400_000;

function readMoment(text: unknown, field: 'from' | 'to', missing: string, errors: FieldError[]): Date | null {
  if (text === undefined || text === null || String(text).trim() === '') {
    errors.push({ field, message: missing });
    return null;
  }
  const moment = new Date(String(text));
  if (Number.isNaN(moment.getTime())) {
    errors.push({ field, message: 'Неверная дата: ожидается ГГГГ-ММ-ДД' });
    return null;
  }
  if (!isWithinInputRange(moment)) {
    errors.push({ field, message: DATE_RANGE_MESSAGE });
    return null;
  }
  return moment;
}

/**
 * The period of a backfill, or a 422 saying what is wrong with it (not the rule it breaks): a missing
 * start, a period longer than MAX_BACKFILL_DAYS (with its length), an end before the start, a period
 * that has not begun (nothing to load: it would end at once and say «завершена»). No end means now.
 */
export function parseBackfillPeriod(fromText: unknown, toText: unknown, now = new Date()): { from: Date; to: Date } {
  const errors: FieldError[] = [];
  const from = readMoment(fromText, 'from', 'Укажите дату начала', errors);
  const noEnd = toText === undefined || toText === null || toText === '';
  const to = noEnd ? now : readMoment(toText, 'to', 'Укажите дату конца', errors);
  if (from && from > now) errors.push({ field: 'from', message: 'Период в будущем: загружать нечего' });
  else if (from && to && to <= from) errors.push({ field: 'to', message: 'Конец периода раньше его начала' });
  else if (from && to) {
    // Days begun count whole: 2024-01-01 … 2025-12-31T23:59:59Z is 731 days, as a calendar shows it.
    const length = Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
    if (length > MAX_BACKFILL_DAYS)
      errors.push({ field: 'to', message: periodTooLongMessage(length, MAX_BACKFILL_DAYS) });
  }
  if (errors.length || !from || !to) throw ConsoleException.invalid(errors);
  return { from, to };
}

/**
 * A run the database says is running, whose job is in no queue and which has not moved for this long,
 * was orphaned (its console died between claiming and queueing it, or Redis lost the job): a start may
 * take it over, resuming from its cursor.
 */
export const ORPHANED_RUN_AFTER_MS = 30_000;

/** What a client is asked to wait when the run's job could not be queued (Redis down, or the last job slow to leave). */
export const ENQUEUE_RETRY_AFTER_SECONDS = 10;

/**
 * The console's side of a backfill: it starts one (claims the integration's run in PostgreSQL, then
 * queues the worker's job), asks it to stop, and reads its progress. The worker scans; one run per
 * integration at a time across every console and worker process.
 */
export class BackfillService {
  constructor(private readonly deps: BackfillServiceDeps) {}

  async start(
    accountId: string,
    integrationId: string,
    from: Date,
    to: Date,
    by: AuditContext,
  ): Promise<BackfillProgress> {
    const { db, scheduler } = this.deps;
    // The stored key must open before a run is promised (a key sealed for another API base: 422 on apiKey).
    await this.deps.integrations.carrotQuestClient(accountId, integrationId);
    const claim = { accountId, integrationId, runId: randomUUID(), from, to, now: new Date() };
    let claimed = await claimBackfillRun(db, claim);
    if (!claimed) {
      const current = await readBackfillState(db, integrationId);
      const orphaned =
        current?.status === 'running' &&
        Date.now() - current.updatedAt.getTime() > ORPHANED_RUN_AFTER_MS &&
        !(await scheduler.isScheduled(integrationId));
      if (orphaned) claimed = await claimBackfillRun(db, { ...claim, replacing: current.runId });
    }
    if (!claimed)
      throw new ConsoleException(
        ConsoleExceptionCode.Conflict,
        'Загрузка истории этой интеграции уже идёт: дождитесь её конца или остановите её',
      );
    try {
      await scheduler.enqueue({ integrationId, runId: claimed.runId });
    } catch (error) {
      // A claim without a job would refuse every start (409) until it counts as orphaned: end it now.
      const reason = `the backfill job could not be queued: ${error instanceof Error ? error.message : String(error)}`;
      await failBackfillRun(db, integrationId, claimed.runId, reason);
      throw new ConsoleException(
        ConsoleExceptionCode.Unavailable,
        'Не удалось поставить загрузку истории в очередь: повторите позже',
        [],
        { cause: error, retryAfterSeconds: ENQUEUE_RETRY_AFTER_SECONDS },
      );
    }
    const details = { from: from.toISOString(), to: to.toISOString(), resumed: claimed.scanned > 0 };
    await this.deps.audit.recordFor(by, { accountId, action: 'backfill.started', targetId: integrationId, details });
    return backfillProgress(claimed);
  }

  /** Asks the running scan to stop after its current page; its cursor is kept for a resume. */
  async stop(accountId: string, integrationId: string, by: AuditContext): Promise<BackfillProgress | null> {
    const state = await requestBackfillStop(this.deps.db, integrationId);
    // Nothing was running: nothing was stopped.
    if (state?.status === 'running')
      await this.deps.audit.recordFor(by, { accountId, action: 'backfill.stopped', targetId: integrationId });
    return state && backfillProgress(state);
  }

  async progress(integrationId: string): Promise<BackfillProgress | null> {
    const state = await readBackfillState(this.deps.db, integrationId);
    return state && backfillProgress(state);
  }
}
