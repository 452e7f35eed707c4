import { findIntegrationAccountId, type Database } from '@carrot-bridge/db';
import type { ChatImportProducer, QueueInspector } from '@carrot-bridge/queue';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import type { IntegrationService } from '../integrations/integration.service';
import type { BackfillProgress } from '../backfill/backfill-progress';
import type { BackfillService } from '../backfill/backfill.service';

export interface CqDeps {
  db: Database;
  producer: ChatImportProducer;
  queues: Pick<QueueInspector, 'retryFailedOf'>;
  integrations: IntegrationService;
  audit: AuditRecorder;
  /** The CLI's author: «operator (CLI, <OS user>)» (cliAuditContext). */
  by: AuditContext;
}

export async function accountOf(db: Database, integrationId: string): Promise<string> {
  const accountId = await findIntegrationAccountId(db, integrationId);
  if (!accountId) throw ConsoleException.notFound('integration', integrationId);
  return accountId;
}

/**
 * Puts every failed job of the integration back in the queue, of every kind «Задачи» lists (imports,
 * exports, catch-up, backfill, its account's session lookups), as the page's «Повторить все» does.
 */
export async function replayFailed(deps: CqDeps, integrationId: string): Promise<number> {
  const accountId = await accountOf(deps.db, integrationId);
  const count = await deps.queues.retryFailedOf({ integrationId, accountId });
  const details = { count };
  await deps.audit.recordFor(deps.by, { accountId, action: 'jobs.replayed', targetId: integrationId, details });
  return count;
}

/** Queues one conversation again, as if CarrotQuest had sent its webhook now. */
export async function reimportConversation(
  deps: CqDeps,
  integrationId: string,
  conversationId: string,
  now = new Date(),
): Promise<string> {
  const accountId = await accountOf(deps.db, integrationId);
  const eventId = `manual-${now.getTime()}`;
  await deps.producer.enqueue({
    integrationId,
    conversationId,
    carrotUserId: null,
    eventId,
    receivedAt: now.toISOString(),
  });
  const details = { conversationId, eventId };
  await deps.audit.recordFor(deps.by, { accountId, action: 'chat.reimported', targetId: integrationId, details });
  return eventId;
}

export async function rotateWebhookKey(deps: CqDeps, integrationId: string): Promise<string> {
  const accountId = await accountOf(deps.db, integrationId);
  return (await deps.integrations.rotateWebhookKey(accountId, integrationId, deps.by)).webhookUrl;
}

export async function integrationStatus(deps: CqDeps, integrationId: string) {
  return deps.integrations.status(await accountOf(deps.db, integrationId), integrationId);
}

export interface BackfillFollowing {
  onProgress(progress: BackfillProgress): void;
  /** Whether the operator asked to stop the run (the first Ctrl-C). */
  stopAsked(): boolean;
  pollMs?: number;
}

/**
 * `pnpm cq backfill`: starts the run (the worker scans) and follows its progress in PostgreSQL until it
 * ends. Asked to stop, it sets the run's stop flag and follows it to its end (interrupted, resumable).
 */
export async function backfillAndFollow(
  backfill: BackfillService,
  accountId: string,
  integrationId: string,
  period: { from: Date; to: Date },
  by: AuditContext,
  following: BackfillFollowing,
): Promise<BackfillProgress> {
  let progress = await backfill.start(accountId, integrationId, period.from, period.to, by);
  let stopSent = false;
  while (progress.status === 'running') {
    if (following.stopAsked() && !stopSent) {
      stopSent = true;
      progress = (await backfill.stop(accountId, integrationId, by)) ?? progress;
    }
    following.onProgress(progress);
    await new Promise((resolve) => setTimeout(resolve, following.pollMs ?? 500));
    progress = (await backfill.progress(integrationId)) ?? progress;
  }
  following.onProgress(progress);
  return progress;
}
