import axios, { type AxiosInstance } from 'axios';
import { formatDataApiDateTime, parseExactJson, type DataApiChat } from '@carrot-bridge/domain';
import { DataApiError, DataApiErrorCode, type DataApiRpcError } from './data-api-error';
import { RowReader } from './answer-rows';
import { DATA_API_LIMIT_MAX, readAllPages } from './answer-paging';
import {
  CATALOG_FIELDS,
  namesById,
  readCampaign,
  readEmployee,
  readSite,
  readSource,
  readTag,
  type CabinetCampaign,
  type CabinetEmployee,
  type CabinetSite,
  type CabinetSource,
  type CabinetTag,
  type CatalogMethod,
} from './cabinet-catalog';
import {
  readVisitorSession,
  visitorSessionsParams,
  type CabinetVisitorSession,
  type VisitorSessionsQuery,
} from './visitor-sessions-report';
import { probeDataApiComponents, type DataApiComponents } from './components-probe';

export type DataApiBrand = 'comagic' | 'uis';

/** upload.chats: "Максимальное количество заявок в одном запросе: 50 шт" (https://comagic.github.io/data_api/communication/upload_chats/). */
export const UPLOAD_CHATS_MAX = 50;

export interface UploadedChat {
  /** The Data API's id of the chat (kept as text: ids outgrow 2^31). */
  id: string;
}

export interface DataApiAccount {
  /** `app_id`: "Уникальный идентификатор аккаунта". */
  appId: number;
  /** `name`: "Название клиента". */
  name: string;
  /** "Текущий часовой пояс аккаунта", "Формат IANA zoneinfo"; not checked here against the runtime's zones. */
  timeZone: string;
}

export interface DataApiClientOptions {
  url: string;
  accessToken: string;
  timeoutMs?: number;
  /** Rows per page of get.* reads (`limit`); default and most the docs allow: 10 000. */
  pageSize?: number;
}

let requestId = 0;

/**
 * JSON-RPC 2.0 calls to the Data API with `params.access_token` (https://comagic.github.io/data_api/:
 * POST only, "Content-Type должен быть application/json; charset=UTF-8", one call per request — "Групповые
 * операции: Функционал не поддерживается"). A JSON-RPC error becomes a DataApiError by its code; no answer
 * or a 5xx is `Unavailable`; an answer of another shape is `UnexpectedAnswer`. The token is in the body,
 * never in a URL, and never in an error message.
 */
export class DataApiClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: DataApiClientOptions) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 15_000,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      validateStatus: () => true,
      // Ids past 2^53 arrive as exact text and are refused where an id is read, never rounded.
      responseType: 'text',
      transformResponse: [
        (text: unknown) => {
          if (typeof text !== 'string') return text;
          try {
            return parseExactJson(text);
          } catch {
            return undefined;
          }
        },
      ],
    });
  }

  /**
   * upload.chats answers `result.data = [{id}]`, one per chat in the order of `chats` (the page's "JSON
   * структура ответа"; the answer carries no ext_id, so the order is the only link).
   */
  async uploadChats(chats: readonly DataApiChat[]): Promise<UploadedChat[]> {
    if (chats.length === 0 || chats.length > UPLOAD_CHATS_MAX)
      throw new RangeError(`upload.chats takes 1 to ${UPLOAD_CHATS_MAX} chats a call`);
    const result = await this.call('upload.chats', { chats });
    const data = (result as { data?: unknown }).data;
    const ids = Array.isArray(data) ? data.map((row) => (row as { id?: unknown } | null)?.id) : [];
    if (
      !Array.isArray(data) ||
      data.length !== chats.length ||
      ids.some((id) => !((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id !== '')))
    ) {
      throw new DataApiError(
        DataApiErrorCode.UnexpectedAnswer,
        `upload.chats: the answer does not carry one id per chat (${chats.length} sent)`,
      );
    }
    return ids.map((id) => ({ id: String(id) }));
  }

  /**
   * set.tag_communications by our ext_id, communication_type "chat"
   * (https://comagic.github.io/data_api/tag/set_tag_communications/; its answer is an empty result).
   */
  async tagChat(extId: string, tagId: number): Promise<void> {
    await this.call('set.tag_communications', {
      communication_ext_id: extId,
      communication_type: 'chat',
      tag_id: tagId,
    });
  }

  /**
   * get.account: `result.data[0]` = {app_id, name, timezone} (https://comagic.github.io/data_api/account/get_account/;
   * `data` is an array there).
   */
  async getAccount(): Promise<DataApiAccount> {
    const result = await this.call('get.account', {});
    const data = (result as { data?: unknown }).data;
    const row = Array.isArray(data)
      ? (data[0] as { app_id?: unknown; name?: unknown; timezone?: unknown } | undefined)
      : undefined;
    if (typeof row?.timezone !== 'string' || !row.timezone)
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'get.account: the answer carries no timezone');
    if (!Number.isSafeInteger(row.app_id))
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'get.account: the answer carries no exact app_id');
    return { appId: row.app_id as number, name: typeof row.name === 'string' ? row.name : '', timeZone: row.timezone };
  }

  async getSites(): Promise<CabinetSite[]> {
    return (await this.readCatalog('get.sites')).map(readSite);
  }

  async getCampaigns(): Promise<CabinetCampaign[]> {
    return (await this.readCatalog('get.campaigns')).map(readCampaign);
  }

  /** Sources with their group's and channel's names, joined by id from get.sources_groups and get.sources_channels. */
  async getSources(): Promise<CabinetSource[]> {
    const groups = namesById(await this.readCatalog('get.sources_groups'));
    const channels = namesById(await this.readCatalog('get.sources_channels'));
    return (await this.readCatalog('get.sources')).map((row) => readSource(row, groups, channels));
  }

  async getEmployees(): Promise<CabinetEmployee[]> {
    return (await this.readCatalog('get.employees')).map(readEmployee);
  }

  async getTags(): Promise<CabinetTag[]> {
    return (await this.readCatalog('get.tags')).map(readTag);
  }

  /**
   * One visitor's sessions in [from, till] (at most 90 days: RangeError before any call), every page.
   * The report cannot be filtered by session id, so the caller picks its session among these.
   */
  async getVisitorSessions(query: VisitorSessionsQuery): Promise<CabinetVisitorSession[]> {
    const params = visitorSessionsParams(query);
    const rows = await readAllPages(this.rpc, 'get.visitor_sessions_report', params, this.pageSize);
    return RowReader.rows('get.visitor_sessions_report', rows).map((row) => readVisitorSession(row, query.timeZone));
  }

  /**
   * Calls get.account, upload.chats with no chats (refused for its value, -32602, once past the component
   * check; never stores anything), one row of get.visitor_sessions_report and of each catalog method.
   * That the component check comes before the parameters' is our reading: the docs do not order them.
   */
  async probeComponents(): Promise<DataApiComponents> {
    const one = { limit: 1, offset: 0 };
    const now = new Date();
    const details = await probeDataApiComponents({
      'get.account': () => this.getAccount(),
      'upload.chats': () =>
        this.call('upload.chats', { chats: [] }).catch((error: unknown) => {
          if (!(error instanceof DataApiError && error.code === DataApiErrorCode.InvalidParams)) throw error;
        }),
      'get.visitor_sessions_report': () =>
        this.call('get.visitor_sessions_report', {
          ...one,
          date_from: formatDataApiDateTime(new Date(now.getTime() - 3_600_000), 'UTC'),
          date_till: formatDataApiDateTime(now, 'UTC'),
          fields: ['id'],
        }),
      ...Object.fromEntries(
        (['get.sites', 'get.campaigns', 'get.sources', 'get.employees', 'get.tags'] as const).map((method) => [
          method,
          () => this.call(method, { ...one, fields: ['id'] }),
        ]),
      ),
    });
    const ok = (method: string) => details[method] === 'ok';
    return {
      dataApi: ok('get.account'),
      uploadChats: ok('upload.chats'),
      sessionsReport: ok('get.visitor_sessions_report'),
      catalog: ['get.sites', 'get.campaigns', 'get.sources', 'get.employees', 'get.tags'].every(ok),
      details,
    };
  }

  private get pageSize(): number {
    return this.options.pageSize ?? DATA_API_LIMIT_MAX;
  }

  private readonly rpc = (method: string, params: Record<string, unknown>) => this.call(method, params);

  private async readCatalog(method: CatalogMethod): Promise<RowReader[]> {
    const rows = await readAllPages(this.rpc, method, { fields: [...CATALOG_FIELDS[method]] }, this.pageSize);
    return RowReader.rows(method, rows);
  }

  private async call(method: string, params: Record<string, unknown>): Promise<unknown> {
    const id = ++requestId;
    let response;
    try {
      response = await this.http.post(this.options.url, {
        jsonrpc: '2.0',
        id,
        method,
        params: { access_token: this.options.accessToken, ...params },
      });
    } catch (error) {
      throw new DataApiError(
        DataApiErrorCode.Unavailable,
        `${method}: the Data API could not be reached (${(error as { code?: string }).code ?? 'network error'})`,
      );
    }
    const body = response.data as { result?: unknown; error?: DataApiRpcError } | undefined;
    if (body && typeof body === 'object' && body.error && typeof body.error.code === 'number')
      throw DataApiError.fromRpcError(method, body.error);
    if (response.status >= 500 || response.status === 429)
      throw new DataApiError(DataApiErrorCode.Unavailable, `${method}: HTTP ${response.status}`);
    if (
      response.status !== 200 ||
      !body ||
      typeof body !== 'object' ||
      typeof body.result !== 'object' ||
      body.result === null
    ) {
      throw new DataApiError(
        DataApiErrorCode.UnexpectedAnswer,
        `${method}: unreadable answer (HTTP ${response.status})`,
      );
    }
    return body.result;
  }
}
