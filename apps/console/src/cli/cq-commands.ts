import { findIntegrationAccountId, type Database } from '@carrot-bridge/db';
import type { ChatImportProducer, QueueInspector } from '@carrot-bridge/queue';
import { ConsoleException } from '../console-exception';
import type { IntegrationService } from '../integrations/integration.service';

export interface CqDeps {
  db: Database;
  producer: ChatImportProducer;
  queues: Pick<QueueInspector, 'replayFailedImports'>;
  integrations: IntegrationService;
}

export async function accountOf(db: Database, integrationId: string): Promise<string> {
  const accountId = await findIntegrationAccountId(db, integrationId);
  if (!accountId) throw ConsoleException.notFound(`Integration ${integrationId}`);
  return accountId;
}

/** Puts every failed job of the integration back in the queue (imports are idempotent). */
export async function replayFailed(deps: CqDeps, integrationId: string): Promise<number> {
  await accountOf(deps.db, integrationId);
  return deps.queues.replayFailedImports(integrationId);
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
