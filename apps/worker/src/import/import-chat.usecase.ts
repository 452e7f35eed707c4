import { IntegrationCarrotQuestAccess, type CarrotQuestAccessSettings } from '@carrot-bridge/carrotquest';
import { setIntegrationKeyStatus, type ChatStore, type Database } from '@carrot-bridge/db';
import {
  classifyChannel,
  DEFAULT_PHONE_REGION,
  extractSessionCapture,
  isExportConfigured,
  isPhoneRegion,
  planQuestionImports,
  type AttributionKind,
} from '@carrot-bridge/domain';
import { isWebhookImport, type ChatImportJobData } from '@carrot-bridge/queue';
import type { GiveUpDecision } from '../lifecycle/failure-decision';
import { readConversation, readsWithin } from './conversation-read';
import type { IntegrationCallLimiter } from './integration-call-limiter';
import type { ErasedSubjects } from './erased-subject-lookup';
import { ImportError, ImportErrorCode } from './import-error';
import { IntegrationCache } from './integration-cache';
import { seenOperators, type OperatorDirectory } from './operator-directory';
import { questionCapture, questionChatRecord, questionMessages, type ConversationContext } from './question-chat';
import { decideQuestionPersonalData } from './question-personal-data';
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
  /** The integration's operators and the employees they stand for; without it every chat has the default. */
  operators?: OperatorDirectory;
  /** Who was erased on request (docs/personal-data.md); without it only retention and erased chats count. */
  erasedSubjects?: ErasedSubjects;
  /** The clock retention is measured by. */
  now?: () => Date;
  /** Each integration's share of this process's CarrotQuest calls (docs/fairness.md); without it, no cap. */
  carrotQuestShare?: Pick<IntegrationCallLimiter, 'admit'>;
}

export interface ImportedQuestion {
  chatId: string;
  questionId: string;
  attributionKind: AttributionKind;
  messages: number;
  /** Written without personal data, and why (docs/personal-data.md); null: written as read. */
  personalDataErasure: 'request' | 'retention' | null;
}

export type ImportOutcome =
  | {
      status: 'imported';
      /** The newest question written: its chat, attribution and message count. */
      chatId: string;
      attributionKind: AttributionKind;
      messages: number;
      channel: string;
      /** Every question written, oldest first. */
      questions: ImportedQuestion[];
    }
  | { status: 'skipped'; code: 'integration_deleted' | 'integration_inactive' | 'nothing_new'; reason: string };

/**
 * One chat-import job: read the conversation, its parts (down to the questions stored) and its user from
 * CarrotQuest, split the parts into questions, and write each closed question that is new or changed as
 * a chat of its own (docs/questions.md). All network calls happen before the writes. A question an
 * erasure or the account's retention covers is written without personal data (docs/personal-data.md).
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
    const conversationKey = { integrationId: integration.id, conversationId: job.conversationId };
    // Admitted before any read (a job turned away costs no query), released once the reads are done:
    // the writes hold no CarrotQuest share.
    const lease = this.deps.carrotQuestShare?.admit(integration.id);
    const { stored, read } = await chats
      .storedQuestions(conversationKey)
      .then(async (stored) => ({
        stored,
        read: await readConversation(lease ? readsWithin(lease, client) : client, job, stored),
      }))
      .finally(() => lease?.release());
    const { conversation, parts, user, userId, floor, questions, transcriptOf } = read;
    const window = job.questionsStartedWithin;
    const plan = planQuestionImports({
      questions,
      stored,
      floor,
      startedWithin: window ? { from: new Date(window.from), to: new Date(window.to) } : undefined,
      storedPartIdsOf: (question) => transcriptOf(question.id).messages.map((m) => m.partId),
      removedPartIdsOf: (question) =>
        transcriptOf(question.id)
          .messages.filter((m) => m.removedAt !== null)
          .map((m) => m.partId),
    });
    if (plan.length === 0)
      return {
        status: 'skipped',
        code: 'nothing_new',
        reason: `no closed question of conversation ${job.conversationId} is new or changed (${questions.length} read, ${stored.length} stored)`,
      };

    const userProps = { ...(conversation.user?.props ?? {}), ...(user.props ?? {}) };
    const personalData = await decideQuestionPersonalData({
      accountId: integration.accountId,
      questions,
      upToQuestionId: plan.at(-1)!.question.id,
      transcriptOf,
      stored,
      userId,
      userProps,
      region: isPhoneRegion(integration.phoneRegion) ? integration.phoneRegion : DEFAULT_PHONE_REGION,
      retentionDays: integration.account.retentionDays,
      now: this.deps.now?.() ?? new Date(),
      erasedSubjects: this.deps.erasedSubjects,
    });
    const employees = await this.deps.operators?.employeeMap(integration.id);
    const context: ConversationContext = {
      settings: integration,
      conversation,
      conversationId: job.conversationId,
      userId,
      userProps,
      capture: extractSessionCapture(user.props_custom),
      channel: classifyChannel(conversation, parts),
      employeeOf: (adminId) => employees?.get(adminId) ?? null,
    };
    await this.deps.operators?.recordSeen(integration, seenOperators(conversation, parts));

    const newestWritten = plan.at(-1);
    const exportScheduler = isExportConfigured(integration) ? this.deps.exportScheduler : undefined;
    let lookups = false;
    const written = await Promise.all(
      plan.map(async (planned) => {
        const transcript = transcriptOf(planned.question.id);
        const personal = personalData.get(planned.question.id)!;
        const capture = questionCapture(context, planned);
        const session = capture?.sessionId
          ? await chats.visitorSession({ accountId: integration.accountId, externalId: capture.sessionId })
          : null;
        // Attributed as above meanwhile (mapping or default); the lookup re-attributes the chat if it finds the
        // session. A person erased on request is not looked up in the cabinet (no new trace of their visit).
        const lookup =
          capture && !planned.stored && personal.erasure?.cause !== 'request'
            ? await this.deps.sessionLookups?.prepare({
                accountId: integration.accountId,
                capture,
                sessionKnown: session !== null,
                forcedMode: integration.forcedMode,
                chatStartedAt: planned.question.startedAt,
              })
            : undefined;
        lookups ||= Boolean(lookup);
        if (planned.claimsWholeConversation && planned.stored)
          await chats.claimWholeConversationChat({
            chatId: planned.stored.chatId,
            questionId: planned.question.id,
            keepPartIds: transcript.messages.map((m) => m.partId),
          });
        const chat = questionChatRecord({
          context,
          planned,
          transcript,
          personal,
          capture,
          session,
          webhookReceivedAt: isWebhookImport(job) && planned === newestWritten ? new Date(job.receivedAt) : null,
          sessionLookupPending: Boolean(lookup),
        });
        const chatId = await chats.write({
          chat,
          messages: questionMessages(transcript, personal),
          tagId: integration.taggingEnabled ? integration.tagId : null,
          // Marked in the same statement as the write: no committed chat the export would never see. A
          // chat split from one stored before the upgrade keeps its export state: it is not sent again.
          exportPending: exportScheduler !== undefined && !planned.claimsWholeConversation,
        });
        return {
          chatId,
          questionId: planned.question.id,
          attributionKind: chat.attributionKind,
          messages: transcript.messages.length,
          personalDataErasure: personal.erasure?.cause ?? null,
        };
      }),
    );
    if (lookups) await this.deps.sessionLookups?.schedule(integration.accountId);
    if (exportScheduler) await exportScheduler.schedule(integration.id);
    const newest = written.at(-1)!;
    return {
      status: 'imported',
      chatId: newest.chatId,
      attributionKind: newest.attributionKind,
      messages: newest.messages,
      channel: context.channel.channel,
      questions: written,
    };
  }
}
