import { listCatalogOfAccount, type Database, type IntegrationSettingsRow } from '@carrot-bridge/db';
import { exportBlockers, isExportConfigured, type ExportBlocker } from '@carrot-bridge/domain';

/**
 * What blocks or degrades the integration's export (the domain's exportBlockers), read from its
 * settings, the account's catalog and the refusal the worker stored; empty when the export is off.
 * The components probe of «Проверить токен» is not stored yet, so a missing component shows only once
 * the worker was refused for it (exportError).
 */
export async function exportBlockersOf(db: Database, integration: IntegrationSettingsRow): Promise<ExportBlocker[]> {
  if (!isExportConfigured(integration)) return [];
  const catalog = await listCatalogOfAccount(db, integration.accountId);
  return exportBlockers(
    {
      trafficType: integration.trafficType,
      defaultCampaignId: integration.defaultCampaignId,
      defaultSourceId: integration.defaultSourceId,
      defaultSiteId: integration.defaultSiteId,
      defaultEmployeeId: integration.defaultEmployeeId,
      taggingEnabled: integration.taggingEnabled,
      tagId: integration.tagId,
      mappings: integration.mappings,
    },
    catalog,
    { refusal: integration.exportError },
  );
}
