import axios, { type AxiosInstance } from 'axios';
import type { DataApiChat } from '@carrot-bridge/domain';
import { DataApiError, DataApiErrorCode } from './data-api-error';

export type DataApiBrand = 'comagic' | 'uis';

/** The public Data API endpoints per brand; tests and staging override them. */
export const DATA_API_URLS: Record<DataApiBrand, string> = {
  comagic: 'https://dataapi.comagic.ru/v2.0',
  uis: 'https://dataapi.uiscom.ru/v2.0',
};

export interface UploadedChat {
  ext_id: string;
  /** The Data API's id of the chat (kept as text: ids outgrow 2^31). */
  id: string;
}

export interface DataApiClientOptions {
  url: string;
  accessToken: string;
  timeoutMs?: number;
}

let requestId = 0;

/**
 * JSON-RPC 2.0 calls to the Data API with `params.access_token`. A JSON-RPC error becomes a
 * DataApiError by its code (limits, access, invalid params); no answer or a 5xx is `Unavailable`.
 * The token is in the body, never in a URL, and never in an error message.
 */
export class DataApiClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: DataApiClientOptions) {
    this.http = axios.create({ timeout: options.timeoutMs ?? 15_000, headers: { 'content-type': 'application/json' }, validateStatus: () => true });
  }

  /** At most 50 chats a call (the Data API's limit); `ext_id` makes a repeated upload an update. */
  async uploadChats(chats: readonly DataApiChat[]): Promise<UploadedChat[]> {
    if (chats.length > 50) throw new RangeError('upload.chats takes at most 50 chats a call');
    const result = (await this.call('upload.chats', { chats })) as { data?: Array<{ ext_id?: unknown; id?: unknown }> };
    return (result.data ?? []).map((row) => ({ ext_id: String(row.ext_id), id: String(row.id) }));
  }

  async tagChat(extId: string, tagId: number): Promise<void> {
    await this.call('set.tag_communications', { communication_ext_id: extId, communication_type: 'chat', tag_id: tagId });
  }

  private async call(method: string, params: Record<string, unknown>): Promise<unknown> {
    const id = ++requestId;
    let response;
    try {
      response = await this.http.post(this.options.url, { jsonrpc: '2.0', id, method, params: { access_token: this.options.accessToken, ...params } });
    } catch (error) {
      throw new DataApiError(DataApiErrorCode.Unavailable, `${method}: the Data API could not be reached (${(error as { code?: string }).code ?? 'network error'})`);
    }
    const body = response.data as { result?: unknown; error?: { code: number; message: string; data?: { mnemonic?: string; field?: string } } } | undefined;
    if (body?.error) throw DataApiError.fromRpcError(body.error);
    if (response.status >= 500 || response.status === 429) throw new DataApiError(DataApiErrorCode.Unavailable, `${method}: HTTP ${response.status}`);
    if (response.status !== 200 || !body || !('result' in body)) throw new DataApiError(DataApiErrorCode.Unavailable, `${method}: unreadable answer (HTTP ${response.status})`);
    return body.result;
  }
}
