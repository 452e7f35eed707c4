import type { CarrotQuestConversation, CarrotQuestPart } from '@carrot-bridge/carrotquest';
import type { ChatRecord, StoredQuestion } from '@carrot-bridge/db';
import {
  captureForQuestion,
  chooseChatEmployee,
  extractContact,
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
  region: Parameters<typeof extractContact>[2];
  /** The visitor's texts of the questions before each one read in this import, by question id. */
  earlierVisitorTexts: (questionId: string) => string[];
  /** Contacts of the questions stored before (newest first): the last resort. */
  storedContacts: ReadonlyArray<Pick<StoredQuestion, 'contactName' | 'contactPhone' | 'contactEmail'>>;
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

/**
 * One question as a chat row: contacts (the user's props, then this question's texts, then earlier
 * questions'), attribution at the question's own start (a stored question keeps its own), its employee.
 */
export function questionChatRecord(input: {
  context: ConversationContext;
  planned: Planned;
  transcript: Transcript;
  capture: SessionCapture | null;
  session: KnownVisitorSession | null;
  webhookReceivedAt: Date | null;
  sessionLookupPending: boolean;
}): ChatRecord {
  const { context, planned, transcript, capture, session } = input;
  const { question, stored } = planned;
  const found = extractContact(
    context.userProps,
    [...transcript.visitorTexts, ...context.earlierVisitorTexts(question.id)],
    context.region,
  );
  const earlier = (field: 'contactName' | 'contactPhone' | 'contactEmail') =>
    context.storedContacts.find((c) => c[field])?.[field] ?? null;
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
    contactName: found.name ?? earlier('contactName'),
    contactPhone: found.phone ?? earlier('contactPhone'),
    contactEmail: found.email ?? earlier('contactEmail'),
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
    sessionVisitorId: capture?.visitorId ?? null,
    sessionStartedAt: capture?.sessionStartedAt ?? null,
    ...(input.sessionLookupPending ? { sessionLookup: 'pending' as const } : {}),
    messagesCount: transcript.messagesCount,
    firstVisitorMessage: transcript.firstVisitorMessage,
    carrotUpdatedAt: typeof conversation.last_update === 'number' ? new Date(conversation.last_update * 1000) : null,
    attributionKind: kind,
    ...target,
  };
}
