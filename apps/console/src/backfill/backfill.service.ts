import type { Redis } from 'ioredis';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import { DATE_RANGE_MESSAGE, isWithinInputRange } from '../api/storable-input';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import type { IntegrationKeyService } from '../integrations/integration-key.service';
import { BackfillRun, type BackfillProgress } from './backfill-run';

export interface BackfillServiceDeps {
  redis: Redis;
  prefix: string;
  producer: Pick<ChatImportProducer, 'enqueueBackfill' | 'pendingBackfill'>;
  integrations: Pick<IntegrationKeyService, 'carrotQuestClient'>;
}

/** Longest period one backfill may cover: CarrotQuest keeps history, but a year is plenty for analytics. */
export const MAX_BACKFILL_DAYS = 366;

export function parseBackfillPeriod(fromText: unknown, toText: unknown, now = new Date()): { from: Date; to: Date } {
  const from = new Date(String(fromText ?? ''));
  const to = toText === undefined || toText === null || toText === '' ? now : new Date(String(toText));
  const errors = [];
  if (Number.isNaN(from.getTime())) errors.push({ field: 'from', message: 'Дата начала (YYYY-MM-DD)' });
  else if (!isWithinInputRange(from)) errors.push({ field: 'from', message: DATE_RANGE_MESSAGE });
  if (Number.isNaN(to.getTime())) errors.push({ field: 'to', message: 'Дата конца (YYYY-MM-DD)' });
  else if (!isWithinInputRange(to)) errors.push({ field: 'to', message: DATE_RANGE_MESSAGE });
  else if (!Number.isNaN(from.getTime()) && (to <= from || to.getTime() - from.getTime() > MAX_BACKFILL_DAYS * 86_400_000)) {
    errors.push({ field: 'to', message: `Конец периода позже начала и не дальше ${MAX_BACKFILL_DAYS} дней` });
  }
  if (errors.length) throw ConsoleException.invalid(errors);
  return { from, to };
}

/** Backfills started from the page run inside the console process, one per integration at a time. */
export class BackfillService {
  private readonly running = new Map<string, BackfillRun>();

  constructor(private readonly deps: BackfillServiceDeps) {}

  async start(accountId: string, integrationId: string, from: Date, to: Date, onProgress?: (p: BackfillProgress) => void): Promise<{ run: BackfillRun; done: Promise<BackfillProgress> }> {
    if (this.running.has(integrationId)) throw new ConsoleException(ConsoleExceptionCode.Conflict, 'A backfill of this integration is already running');
    const client = await this.deps.integrations.carrotQuestClient(accountId, integrationId);
    const run = new BackfillRun({ redis: this.deps.redis, prefix: this.deps.prefix, producer: this.deps.producer, client, ...(onProgress ? { onProgress } : {}) });
    this.running.set(integrationId, run);
    const done = run.run(integrationId, from, to).finally(() => this.running.delete(integrationId));
    return { run, done };
  }

  progress(integrationId: string): Promise<BackfillProgress | null> {
    return BackfillRun.read(this.deps.redis, this.deps.prefix, integrationId);
  }

  /** Stops every running scan after its current page (console shutdown); each can be resumed. */
  stopAll(): void {
    for (const run of this.running.values()) run.stop();
  }
}
