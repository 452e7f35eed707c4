import type { ChatRecord } from '@carrot-bridge/db';
import type { IntegrationFixture } from './integration-fixture';

/**
 * A chat as the worker would write it for the fixture integration: a widget chat attributed to the
 * default source and site, with contacts; `over` changes what a test is about.
 */
export function chatRecordFixture(
  fx: IntegrationFixture,
  conversationId: string,
  over: Partial<ChatRecord> = {},
): ChatRecord {
  return {
    accountId: fx.accountId,
    integrationId: fx.integrationId,
    conversationId,
    questionId: '1',
    carrotUserId: '1038472615',
    channel: 'widget',
    channelRaw: null,
    contactName: 'Ирина',
    contactPhone: '+79123456789',
    contactEmail: null,
    startedAt: new Date(Date.now() - 3_600_000),
    resolvedAt: new Date(),
    employeeId: fx.employeeId,
    operatorName: 'Алексей',
    sessionExternalId: null,
    messagesCount: 2,
    firstVisitorMessage: 'Здравствуйте',
    carrotUpdatedAt: null,
    attributionKind: 'default',
    visitorSessionId: null,
    campaignId: null,
    sourceId: fx.sourceId,
    siteId: fx.siteId,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    referrer: null,
    entrancePage: null,
    ...over,
  };
}
