import type { Database } from '@carrot-bridge/db';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import { notFound } from '../api/api-error';
import type { IntegrationService } from '../integrations/integration.service';

export interface CqDeps {
  db: Database;
  producer: ChatImportProducer;
  integrations: IntegrationService;
}

export async function accountOf(db: Database, integrationId: string): Promise<string> {
  const row = await db.carrotQuestIntegration.findFirst({ where: { id: integrationId, deletedAt: null }, select: { accountId: true } });
  if (!row) throw notFound(`Integration ${integrationId}`);
  return row.accountId;
}

/** Puts every failed job of the integration back in the queue (imports are idempotent). */
export async function replayFailed(deps: CqDeps, integrationId: string): Promise<number> {
  await accountOf(deps.db, integrationId);
  let replayed = 0;
  for (let start = 0; ; start += 500) {
    const page = await deps.producer.queue.getFailed(start, start + 499);
    if (page.length === 0) break;
    for (const job of page) {
      if (job?.data?.integrationId !== integrationId) continue;
      await job.retry('failed');
      replayed += 1;
    }
    if (page.length < 500) break;
  }
  return replayed;
}

/** Queues one conversation again, as if CarrotQuest had sent its webhook now. */
export async function reimportConversation(deps: CqDeps, integrationId: string, conversationId: string, now = new Date()): Promise<string> {
  await accountOf(deps.db, integrationId);
  const eventId = `manual-${now.getTime()}`;
  await deps.producer.enqueue({ integrationId, conversationId, carrotUserId: null, eventId, receivedAt: now.toISOString() });
  return eventId;
}

export async function rotateWebhookKey(deps: CqDeps, integrationId: string): Promise<string> {
  return (await deps.integrations.rotateWebhookKey(await accountOf(deps.db, integrationId), integrationId)).webhookUrl;
}

export async function integrationStatus(deps: CqDeps, integrationId: string) {
  return deps.integrations.status(await accountOf(deps.db, integrationId), integrationId);
}
