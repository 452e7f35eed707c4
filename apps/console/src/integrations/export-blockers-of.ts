import {
  cabinetComponentsOf,
  findCabinetConnection,
  listCatalogOfAccount,
  removedCatalogIds,
  type Database,
  type IntegrationSettingsRow,
} from '@carrot-bridge/db';
import { exportBlockers, isExportConfigured, type ExportBlocker } from '@carrot-bridge/domain';

/**
 * What blocks or degrades the integration's export (the domain's exportBlockers), read from its
 * settings, the account's catalog (with what the cabinet no longer lists), the refusal the worker
 * stored and the components probe of the connection's last «Проверить токен» (or connect); empty when
 * the export is off.
 */
export async function exportBlockersOf(db: Database, integration: IntegrationSettingsRow): Promise<ExportBlocker[]> {
  if (!isExportConfigured(integration)) return [];
  const [catalog, removed, connection] = await Promise.all([
    listCatalogOfAccount(db, integration.accountId),
    removedCatalogIds(db, integration.accountId),
    findCabinetConnection(db, integration.accountId),
  ]);
  const marked = <T extends { id: string }>(entries: T[], ids: Set<string>) =>
    entries.map((entry) => ({ ...entry, removedInCabinet: ids.has(entry.id) }));
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
    {
      campaigns: marked(catalog.campaigns, removed.campaigns),
      sources: marked(catalog.sources, removed.sources),
      sites: marked(catalog.sites, removed.sites),
      employees: marked(catalog.employees, removed.employees),
      tags: marked(catalog.tags, removed.tags),
    },
    { refusal: integration.exportError, components: cabinetComponentsOf(connection) },
  );
}
