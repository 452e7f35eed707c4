import { DataApiError, DataApiErrorCode, type DataApiBrand } from '@carrot-bridge/data-api';
import { findCabinetConnection, type Database } from '@carrot-bridge/db';
import type { FieldError } from '@carrot-bridge/domain';
import type { DataApiAccess } from '../cabinet/data-api-access';

/**
 * An integration's export token must answer for the cabinet the account is connected to (docs/cabinet.md):
 * get.account's `app_id`, "Уникальный идентификатор аккаунта"
 * (https://comagic.github.io/data_api/account/get_account/). Without a connection there is nothing to
 * compare with; a token the Data API cannot be asked about now (an outage, limits) is let through, and
 * the export reports it.
 */
export class ExportTokenCabinetCheck {
  constructor(
    private readonly db: Database,
    private readonly dataApi: DataApiAccess,
  ) {}

  async problems(accountId: string, brand: DataApiBrand, token: string): Promise<FieldError[]> {
    const connection = await findCabinetConnection(this.db, accountId);
    if (!connection) return [];
    if (connection.brand !== brand)
      return [{ field: 'exportBrand', message: `Кабинет аккаунта подключён как ${brandName(connection.brand)}` }];
    try {
      const account = await this.dataApi.clientFor(brand, token).getAccount();
      if (account.appId === connection.cabinetAppId) return [];
      return [
        {
          field: 'exportToken',
          message: `Токен от другого аккаунта CoMagic («${account.name}», app_id ${account.appId}); аккаунт подключён к «${connection.cabinetName}» (app_id ${connection.cabinetAppId})`,
        },
      ];
    } catch (error) {
      if (
        error instanceof DataApiError &&
        error.code === DataApiErrorCode.AccessDenied &&
        error.details.rpcCode === -32001
      )
        return [{ field: 'exportToken', message: 'Токен не принят Data API (неверный, заблокирован или истёк)' }];
      if (error instanceof DataApiError) return [];
      throw error;
    }
  }
}

function brandName(brand: DataApiBrand): string {
  return brand === 'uis' ? 'UIS' : 'CoMagic';
}
