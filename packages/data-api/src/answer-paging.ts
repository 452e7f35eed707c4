// Paging of get.* methods (https://comagic.github.io/data_api/, "Постраничный вывод", #_20): `limit`
// default 1000, "Допустимое значение" 10 000; `offset` default 0, "Допустимое значение" 100 000 — read
// as maxima (docs/comagic-data-api.md §1.8). No page says the order is stable without `sort`
// (§6.17); a row moving between pages during a read is the API's to answer for.
import { DataApiError, DataApiErrorCode } from './data-api-error';

export const DATA_API_LIMIT_MAX = 10_000;
export const DATA_API_OFFSET_MAX = 100_000;

export type RpcCall = (method: string, params: Record<string, unknown>) => Promise<unknown>;

/** Every row of a get.* call: pages of `pageSize` until a short page; past the offset limit, a clear error. */
export async function readAllPages(
  call: RpcCall,
  method: string,
  params: Record<string, unknown>,
  pageSize: number,
): Promise<unknown[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > DATA_API_LIMIT_MAX)
    throw new RangeError(`page size must be 1 to ${DATA_API_LIMIT_MAX}`);
  const rows: unknown[] = [];
  for (let offset = 0; ; offset += pageSize) {
    if (offset > DATA_API_OFFSET_MAX)
      throw new DataApiError(
        DataApiErrorCode.InvalidParams,
        `${method}: more than ${rows.length} rows; the Data API pages no further than offset ${DATA_API_OFFSET_MAX}`,
      );
    const data = ((await call(method, { ...params, limit: pageSize, offset })) as { data?: unknown }).data;
    if (!Array.isArray(data))
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${method}: result.data is not a list`);
    for (const row of data) rows.push(row);
    if (data.length < pageSize) return rows;
  }
}
