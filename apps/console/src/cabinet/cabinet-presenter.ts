import type { DataApiAccount, DataApiClient } from '@carrot-bridge/data-api';
import type { CabinetConnection } from '@carrot-bridge/db';
import { maskSecret } from '@carrot-bridge/secrets';

type DataApiComponents = Awaited<ReturnType<DataApiClient['probeComponents']>>;

/** The connection as the API shows it: never the token, only its last four characters. */
export function presentCabinetConnection(row: CabinetConnection) {
  return {
    brand: row.brand,
    token: maskSecret(row.tokenLast4),
    appId: row.cabinetAppId,
    name: row.cabinetName,
    timeZone: row.timeZone,
    connectedAt: row.connectedAt.toISOString(),
    lastSync: {
      at: row.catalogSyncedAt?.toISOString() ?? null,
      counts: row.catalogSyncCounts ?? null,
      error: row.catalogSyncError,
    },
  };
}

/**
 * What «Проверить токен» shows, with the page's labels: the components the export and the sync need
 * (https://comagic.github.io/data_api/components/: upload.chats needs "upload_chats", the catalog and
 * get.visitor_sessions_report "call_tracking, consultant, lead, sitephone").
 */
export function presentCabinetCheck(account: DataApiAccount, components: DataApiComponents) {
  return {
    ok: true as const,
    appId: account.appId,
    name: account.name,
    timeZone: account.timeZone,
    components: [
      { key: 'dataApi', label: 'Data API', ok: components.dataApi },
      { key: 'uploadChats', label: 'Загрузка чатов', ok: components.uploadChats },
      { key: 'sessionsReport', label: 'Отчёт по сессиям', ok: components.sessionsReport },
      { key: 'catalog', label: 'Справочники', ok: components.catalog },
    ],
    details: components.details,
  };
}
