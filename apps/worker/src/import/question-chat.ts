import type { CarrotQuestConversation, CarrotQuestPart } from '@carrot-bridge/carrotquest';
import type { ChatMessageRecord, ChatRecord, StoredQuestion } from '@carrot-bridge/db';
import {
  captureForQuestion,
  chooseChatEmployee,
  mergeAttribution,
  resolveAttribution,
  type Attribution,
  type AttributionSettings,
  type ChannelClassification,
  type KnownVisitorSession,
  type PlannedQuestion,
  type SessionCapture,
  type Transcript,
} from '@carrot-bridge/domain';
import type { QuestionPersonalData } from './question-personal-data';

/** What every question of one import shares. */
export interface ConversationContext {
  settings: AttributionSettings & { id: string; defaultEmployeeId: string | null };
  conversation: CarrotQuestConversation;
  conversationId: string;
  userId: string;
  userProps: Record<string, unknown>;
  /** What the script stored on the visitor now: it speaks for the newest question. */
  capture: SessionCapture;
  channel: ChannelClassification;
  employeeOf: (carrotAdminId: string) => string | null;
}

type Planned = PlannedQuestion<CarrotQuestPart, StoredQuestion>;

/** The capture a question is attributed with: a stored question keeps the one it was imported with. */
export function questionCapture(context: ConversationContext, planned: Planned): SessionCapture | null {
  const { stored } = planned;
  if (stored && (stored.sessionExternalId || stored.sessionStartedAt))
    return {
      ...context.capture,
      sessionId: stored.sessionExternalId,
      visitorId: stored.sessionVisitorId,
      sessionStartedAt: stored.sessionStartedAt,
    };
  if (stored) return null;
  return captureForQuestion(context.capture, planned.question, planned.newest);
}

function toAttribution(stored: StoredQuestion | null): Attribution | null {
  if (!stored) return null;
  const { attributionKind, visitorSessionId, campaignId, sourceId, siteId, referrer, entrancePage } = stored;
  const { utmSource, utmMedium, utmCampaign, utmTerm, utmContent } = stored;
  return {
    kind: attributionKind,
    ...{ visitorSessionId, campaignId, sourceId, siteId, referrer, entrancePage },
    ...{ utmSource, utmMedium, utmCampaign, utmTerm, utmContent },
  };
}

/** The question's messages as stored: without any text when its personal data are not written. */
export function questionMessages(transcript: Transcript, personal: QuestionPersonalData): ChatMessageRecord[] {
  return personal.erasure ? transcript.messages.map((m) => ({ ...m, text: null })) : transcript.messages;
}

/**
 * One question as a chat row: its contacts as decided (decideQuestionPersonalData), attribution at the
 * question's own start (a stored question keeps its own), its employee; an erased question goes without
 * contacts, first message and tracker visitor id, marked with its erasure.
 */
export function questionChatRecord(input: {
  context: ConversationContext;
  planned: Planned;
  transcript: Transcript;
  personal: QuestionPersonalData;
  capture: SessionCapture | null;
  session: KnownVisitorSession | null;
  webhookReceivedAt: Date | null;
  sessionLookupPending: boolean;
}): ChatRecord {
  const { context, planned, transcript, personal, capture, session } = input;
  const { question, stored } = planned;
  const { erasure } = personal;
  const attribution = mergeAttribution(
    toAttribution(stored),
    resolveAttribution({
      settings: context.settings,
      channel: context.channel.channel,
      chatStartedAt: question.startedAt,
      capture,
      session,
    }),
  );
  const { kind, ...target } = attribution;
  const { conversation } = context;
  const assigneeId = conversation.assignee?.id ?? null;
  return {
    accountId: context.settings.accountId,
    integrationId: context.settings.id,
    conversationId: context.conversationId,
    questionId: question.id,
    carrotUserId: context.userId,
    channel: context.channel.channel,
    channelRaw: context.channel.raw,
    ...personal.contacts,
    startedAt: question.startedAt,
    resolvedAt: question.resolvedAt,
    webhookReceivedAt: input.webhookReceivedAt,
    employeeId: chooseChatEmployee({
      messages: transcript.messages,
      assigneeAdminId: assigneeId,
      employeeOf: context.employeeOf,
      defaultEmployeeId: context.settings.defaultEmployeeId,
    }),
    operatorName: transcript.operatorName ?? (planned.newest ? (conversation.assignee?.name ?? null) : null),
    sessionExternalId: capture?.sessionId ?? null,
    sessionVisitorId: erasure ? null : (capture?.visitorId ?? null),
    sessionStartedAt: capture?.sessionStartedAt ?? null,
    ...(input.sessionLookupPending ? { sessionLookup: 'pending' as const } : {}),
    messagesCount: transcript.messagesCount,
    firstVisitorMessage: erasure ? null : transcript.firstVisitorMessage,
    carrotUpdatedAt: typeof conversation.last_update === 'number' ? new Date(conversation.last_update * 1000) : null,
    attributionKind: kind,
    ...target,
    personalDataErasedAt: erasure?.at ?? null,
    personalDataErasure: erasure?.cause ?? null,
  };
}
