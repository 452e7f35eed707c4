import { IntegrationCarrotQuestAccess, type CarrotQuestAccessSettings } from '@carrot-bridge/carrotquest';
import { setIntegrationKeyStatus, type ChatAttributionRecord, type ChatStore, type Database } from '@carrot-bridge/db';
import {
  buildTranscript,
  classifyChannel,
  DEFAULT_PHONE_REGION,
  extractContact,
  extractSessionCapture,
  isExportConfigured,
  isPhoneRegion,
  mergeAttribution,
  resolveAttribution,
  type Attribution,
  type AttributionKind,
} from '@carrot-bridge/domain';
import type { ChatImportJobData } from '@carrot-bridge/queue';
import type { GiveUpDecision } from '../lifecycle/failure-decision';
import { ImportError, ImportErrorCode } from './import-error';
import { IntegrationCache } from './integration-cache';
import type { SessionLookupRequester } from '../session-lookup/session-lookup-requester';

export interface ImportChatDeps extends CarrotQuestAccessSettings {
  db: Database;
  /** Where chats are read and written (the process's BatchedChatStore: concurrent jobs share statements). */
  chats: ChatStore;
  /** Settings cache shared by the process; without it every job reads the settings. */
  integrations?: IntegrationCache;
  /** Schedules the Data API export of integrations that have one; the import never waits for it. */
  exportScheduler?: { schedule(integrationId: string): Promise<void> };
  /** Asks the account's cabinet for a captured session our table does not know; without it nothing is looked up. */
  sessionLookups?: SessionLookupRequester;
}

export type ImportOutcome =
  | { status: 'imported'; chatId: string; attributionKind: AttributionKind; messages: number; channel: string }
  | { status: 'skipped'; code: 'integration_deleted' | 'integration_inactive'; reason: string };

function toAttribution(record: ChatAttributionRecord): Attribution {
  const { attributionKind, ...rest } = record;
  return { kind: attributionKind, ...rest };
}

/**
 * One chat-import job: read the conversation, its parts and its user from CarrotQuest, apply the
 * domain rules, and write the chat. All network calls happen before the database transaction.
 */
export class ImportChatUseCase {
  private readonly integrations: IntegrationCache;
  private readonly access: IntegrationCarrotQuestAccess;

  constructor(private readonly deps: ImportChatDeps) {
    this.integrations = deps.integrations ?? new IntegrationCache(deps.db, 0);
    this.access = new IntegrationCarrotQuestAccess(deps);
  }

  /**
   * Giving up for good: CarrotQuest refused the key (401/403), so the integration is marked until the
   * user saves a new one, and this process reads its settings fresh next time.
   */
  async onGiveUp(job: ChatImportJobData, decision: GiveUpDecision): Promise<void> {
    if (!decision.keyInvalid) return;
    await setIntegrationKeyStatus(this.deps.db, job.integrationId, 'invalid', decision.reason);
    this.integrations.forget(job.integrationId);
  }

  async execute(job: ChatImportJobData): Promise<ImportOutcome> {
    const { chats } = this.deps;
    const integration = await this.integrations.get(job.integrationId);
    if (!integration || integration.deletedAt)
      return { status: 'skipped', code: 'integration_deleted', reason: 'integration deleted' };
    if (!integration.active) return { status: 'skipped', code: 'integration_inactive', reason: 'integration inactive' };
    if (integration.keyStatus === 'invalid') {
      throw new ImportError(
        ImportErrorCode.KeyMarkedInvalid,
        `the integration's API key was rejected by CarrotQuest (${integration.keyError ?? 'no reason recorded'}); save a valid key, then retry this job`,
      );
    }

    const client = this.access.clientFor(integration);
    const [conversation, parts, prefetchedUser] = await Promise.all([
      client.getConversation(job.conversationId),
      client.getConversationParts(job.conversationId),
      job.carrotUserId ? client.getUser(job.carrotUserId) : Promise.resolve(null),
    ]);
    const userId = conversation.user?.id ?? job.carrotUserId;
    if (!userId)
      throw new ImportError(ImportErrorCode.ConversationWithoutUser, `conversation ${job.conversationId} has no user`);
    // The webhook's user is the conversation's user; re-read only if CarrotQuest says otherwise (merged users).
    const user = prefetchedUser && prefetchedUser.id === userId ? prefetchedUser : await client.getUser(userId);

    const region = isPhoneRegion(integration.phoneRegion) ? integration.phoneRegion : DEFAULT_PHONE_REGION;
    const channel = classifyChannel(conversation, parts);
    const transcript = buildTranscript(parts);
    const contact = extractContact(
      { ...(conversation.user?.props ?? {}), ...(user.props ?? {}) },
      transcript.visitorTexts,
      region,
    );
    const capture = extractSessionCapture(user.props_custom);
    const startedAt = new Date(conversation.created * 1000);

    const [session, previous] = await Promise.all([
      capture.sessionId
        ? chats.visitorSession({ accountId: integration.accountId, externalId: capture.sessionId })
        : Promise.resolve(null),
      chats.previousAttribution({ integrationId: integration.id, conversationId: job.conversationId }),
    ]);
    const attribution = mergeAttribution(
      previous ? toAttribution(previous) : null,
      resolveAttribution({
        // The settings row is the domain's AttributionSettings as it comes from the database.
        settings: integration,
        channel: channel.channel,
        chatStartedAt: startedAt,
        capture,
        session,
      }),
    );

    // Attributed as above meanwhile (mapping or default); the lookup re-attributes the chat if it finds the session.
    const lookup = await this.deps.sessionLookups?.prepare({
      accountId: integration.accountId,
      capture,
      sessionKnown: session !== null,
      forcedMode: integration.forcedMode,
      chatStartedAt: startedAt,
    });

    const { kind, ...target } = attribution;
    const exportScheduler = isExportConfigured(integration) ? this.deps.exportScheduler : undefined;
    const chatId = await chats.write({
      chat: {
        accountId: integration.accountId,
        integrationId: integration.id,
        conversationId: job.conversationId,
        carrotUserId: userId,
        channel: channel.channel,
        channelRaw: channel.raw,
        contactName: contact.name,
        contactPhone: contact.phone,
        contactEmail: contact.email,
        startedAt,
        resolvedAt: new Date(job.receivedAt),
        employeeId: integration.defaultEmployeeId,
        operatorName: transcript.operatorName ?? conversation.assignee?.name ?? null,
        sessionExternalId: capture.sessionId,
        sessionVisitorId: capture.visitorId,
        sessionStartedAt: capture.sessionStartedAt,
        ...(lookup ? { sessionLookup: 'pending' as const } : {}),
        messagesCount: transcript.messagesCount,
        firstVisitorMessage: transcript.firstVisitorMessage,
        carrotUpdatedAt:
          typeof conversation.last_update === 'number' ? new Date(conversation.last_update * 1000) : null,
        attributionKind: kind,
        ...target,
      },
      messages: transcript.messages,
      tagId: integration.taggingEnabled ? integration.tagId : null,
      // Marked in the same statement as the write: no committed chat the export would never see.
      exportPending: exportScheduler !== undefined,
    });
    if (lookup) await this.deps.sessionLookups?.schedule(integration.accountId);
    if (exportScheduler) await exportScheduler.schedule(integration.id);
    return {
      status: 'imported',
      chatId,
      attributionKind: kind,
      messages: transcript.messages.length,
      channel: channel.channel,
    };
  }
}
