import { DataApiClient, type DataApiBrand } from '@carrot-bridge/data-api';

/** The Data API calls the console makes with a token: get.account and the components probe. */
export type CabinetAccountReader = Pick<DataApiClient, 'getAccount' | 'probeComponents'>;

/** A Data API client for a brand's endpoint ("Авторизационные данные портала uiscom не действительные для url https://dataapi.comagic.ru/ и наоборот", https://comagic.github.io/data_api/). */
export interface DataApiAccess {
  clientFor(brand: DataApiBrand, token: string): CabinetAccountReader;
}

export function dataApiAccess(urls: Record<DataApiBrand, string>, timeoutMs: number): DataApiAccess {
  return { clientFor: (brand, token) => new DataApiClient({ url: urls[brand], accessToken: token, timeoutMs }) };
}
