import type { IntegrationSettingsRow } from '@carrot-bridge/db';
import { buildCarrotQuestScript } from '@carrot-bridge/domain';
import { maskSecret, openWebhookKey, type SecretBox } from '@carrot-bridge/secrets';

/** An integration as the API answers it: secrets masked, the webhook URL and the JS script ready to copy. */
export function presentIntegration(row: IntegrationSettingsRow, secretBox: SecretBox, publicBaseUrl: string) {
  const campaign = row.trafficType === 'campaign';
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    active: row.active,
    apiKey: {
      masked: maskSecret(row.apiKeyLast4),
      status: row.keyStatus,
      error: row.keyError,
      checkedAt: row.keyCheckedAt,
    },
    hasWebhookToken: row.webhookTokenCiphertext !== null,
    webhookUrl: `${publicBaseUrl.replace(/(?<!\/)\/+$/, '')}/webhooks/carrotquest/${openWebhookKey(secretBox, row)}`,
    trafficType: row.trafficType,
    forcedMode: row.forcedMode,
    defaultCampaignId: row.defaultCampaignId,
    defaultSourceId: row.defaultSourceId,
    defaultSiteId: row.defaultSiteId,
    defaultEmployeeId: row.defaultEmployeeId,
    taggingEnabled: row.taggingEnabled,
    tagId: row.tagId,
    phoneRegion: row.phoneRegion,
    trackerGlobal: row.trackerGlobal,
    apiBaseUrl: row.apiBaseUrl,
    export: {
      brand: row.exportBrand,
      token: row.exportTokenLast4 ? maskSecret(row.exportTokenLast4) : null,
      error: row.exportError,
    },
    mappings: row.mappings.map((m) =>
      campaign
        ? { messenger: m.messenger, campaignId: m.campaignId }
        : { messenger: m.messenger, sourceId: m.sourceId, siteId: m.siteId },
    ),
    script: buildCarrotQuestScript({ trackerGlobal: row.trackerGlobal }),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
