import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import {
  channelSchema,
  conversationSchema,
  envelopeSchema,
  partSchema,
  userSchema,
  type CarrotQuestChannel,
  type CarrotQuestConversation,
  type CarrotQuestPart,
  type CarrotQuestUser,
  type PagePosition,
} from './api-types';
import { compareDecimalIds, parseExactJson } from '@carrot-bridge/domain';
import { CarrotQuestError, CarrotQuestErrorCode, parseRetryAfter } from './carrotquest-error';

export interface CarrotQuestCallInfo {
  /** A route template, not the URL: ids would explode metric label cardinality. */
  endpoint: string;
  /** HTTP status, or the error code when there was no answer. */
  outcome: string;
  durationMs: number;
}

export interface CarrotQuestClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** Parts asked for per page (CarrotQuest's maximum, 50, by default). */
  partsPageSize?: number;
  /** A guard against a server that pages forever. */
  maxPartPages?: number;
  onCall?: (info: CarrotQuestCallInfo) => void;
  /** Connection agents (keep-alive, or an outbound address guard that refuses private addresses). */
  agents?: { http?: HttpAgent; https?: HttpsAgent };
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** `paginate_count` is "an integer from 1 to 50" (https://developers.carrotquest.io/webapi/pagination). */
export const MAX_PAGE_COUNT = 50;
/** 50 parts a page: a conversation of 10,000 messages still fits. */
const DEFAULT_MAX_PART_PAGES = 200;

function readJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return parseExactJson(body);
  } catch {
    return undefined;
  }
}

type Meta = z.output<typeof envelopeSchema>['meta'];

function nextPosition(meta: Meta): PagePosition | null {
  const next = meta.next_before_position;
  return Array.isArray(next) && next.length > 0 ? (next as PagePosition) : null;
}

/** By creation time, then by id (numerically: ids are decimal text of any length). */
function chronologically(a: CarrotQuestPart, b: CarrotQuestPart): number {
  if (a.created !== b.created) return a.created - b.created;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
/** Used when a 429 comes without Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

const ERROR_CODES_BY_API_ERROR: Record<string, CarrotQuestErrorCode> = {
  LookupError: CarrotQuestErrorCode.NotFound,
  NotAuthenticated: CarrotQuestErrorCode.Unauthorized,
  AuthenticationFailed: CarrotQuestErrorCode.Unauthorized,
  PermissionDeniedError: CarrotQuestErrorCode.Forbidden,
  ValidationError: CarrotQuestErrorCode.BadRequest,
};

function codeForStatus(status: number, apiError: string | undefined): CarrotQuestErrorCode {
  const byName = apiError ? ERROR_CODES_BY_API_ERROR[apiError] : undefined;
  if (byName) return byName;
  if (status === 429) return CarrotQuestErrorCode.RateLimited;
  if (status === 401) return CarrotQuestErrorCode.Unauthorized;
  if (status === 403) return CarrotQuestErrorCode.Forbidden;
  if (status === 404) return CarrotQuestErrorCode.NotFound;
  if (status >= 500) return CarrotQuestErrorCode.Server;
  return CarrotQuestErrorCode.BadRequest;
}

/**
 * The calls the import needs. Authenticates with `Authorization: Token <key>`; reads `meta.status`
 * as well as the HTTP status (CarrotQuest answers not-found as HTTP 400 LookupError); turns every
 * failure into a CarrotQuestError with a code the worker decides on.
 */
export class CarrotQuestClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: CarrotQuestClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/(?<!\/)\/+$/, ''),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Token ${options.apiKey}`, Accept: 'application/json' },
      validateStatus: () => true,
      // Redirects would forward the Authorization header to wherever they point.
      maxRedirects: 0,
      maxContentLength: 10 * 1024 * 1024,
      // Parsed by parseExactJson: ids past 2^53 (in data, and in paging positions) must keep every digit.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      ...(options.agents?.http ? { httpAgent: options.agents.http } : {}),
      ...(options.agents?.https ? { httpsAgent: options.agents.https } : {}),
    });
  }

  async getConversation(conversationId: string): Promise<CarrotQuestConversation> {
    return this.get(
      '/conversations/{id}',
      `/conversations/${encodeURIComponent(conversationId)}`,
      {},
      conversationSchema,
    );
  }

  /**
   * Every part of the conversation, oldest first. The current API pages parts by primary key, newest
   * first: each answer's `meta.next_before_position` (an array, `[part_id]`) is sent back as
   * `paginate_position` until a page is empty or no position comes back
   * (https://developers.carrotquest.io/webapi/pagination). A server that repeats a position or never
   * ends is refused rather than followed forever. With `downToPartId` the reading stops after the page that
   * reaches that part: a year-long conversation is read only down to the questions already stored.
   */
  async getConversationParts(
    conversationId: string,
    options: { downToPartId?: string | null } = {},
  ): Promise<CarrotQuestPart[]> {
    const endpoint = '/conversations/{id}/parts';
    const path = `/conversations/${encodeURIComponent(conversationId)}/parts`;
    const byId = new Map<string, CarrotQuestPart>();
    const maxPages = this.options.maxPartPages ?? DEFAULT_MAX_PART_PAGES;
    let position: PagePosition | null = null;
    const seen = new Set<string>();
    for (let page = 0; page < maxPages; page += 1) {
      const { data, meta } = await this.getWithMeta(
        endpoint,
        path,
        this.pageParams(position, this.options.partsPageSize),
        z.array(partSchema),
      );
      for (const part of data) byId.set(part.id, part);
      const next = nextPosition(meta);
      const floor = options.downToPartId;
      const reachedFloor = floor ? data.some((part) => compareDecimalIds(part.id, floor) <= 0) : false;
      if (data.length === 0 || next === null || reachedFloor) return [...byId.values()].sort(chronologically);
      const key = JSON.stringify(next);
      if (seen.has(key))
        throw new CarrotQuestError(CarrotQuestErrorCode.BadResponse, `${endpoint} returned the position ${key} twice`, {
          endpoint,
        });
      seen.add(key);
      position = next;
    }
    throw new CarrotQuestError(
      CarrotQuestErrorCode.BadResponse,
      `conversation ${conversationId} has more than ${maxPages} pages of parts`,
      { endpoint },
    );
  }

  /**
   * One page of the app's conversations, most recently updated first: the list pages by `last_update`
   * descending with a `[last_update, id]` position
   * (https://developers.dashly.io/webapi/endpoints/apps/conversations: "Pagination is performed by last
   * conversation update time (field last_update) in descending order"). `next` is null at the end.
   */
  async listConversations(
    page: { position?: PagePosition | null; count?: number } = {},
  ): Promise<{ conversations: CarrotQuestConversation[]; next: PagePosition | null }> {
    const endpoint = '/apps/$self_app/conversations';
    const { data, meta } = await this.getWithMeta(
      endpoint,
      endpoint,
      this.pageParams(page.position ?? null, page.count),
      z.array(conversationSchema),
    );
    return { conversations: data, next: data.length === 0 ? null : nextPosition(meta) };
  }

  async getUser(userId: string): Promise<CarrotQuestUser> {
    return this.get('/users/{id}', `/users/${encodeURIComponent(userId)}`, { props_custom: true }, userSchema);
  }

  /**
   * The app's channels; also the cheapest call that proves a key works. `includeOperators` asks for each
   * channel's `operators` (Admin objects: https://developers.dashly.io/objects/channel), an optional field
   * requested "с помощью boolean параметров запроса вида include_{field_name}=true"
   * (https://developers.carrotquest.io/webapi/objects_optional_fields). This endpoint includes it by
   * default (https://developers.carrotquest.io/webapi/endpoints/apps/channels: "Поля … operators,
   * priority включены по умолчанию"); asking says what we rely on should that default change.
   */
  async getChannels(options: { includeOperators?: boolean } = {}): Promise<CarrotQuestChannel[]> {
    const params = options.includeOperators ? { include_operators: true } : {};
    return this.get('/apps/$self_app/channels', '/apps/$self_app/channels', params, z.array(channelSchema));
  }

  /** Paging parameters of the current API (https://developers.carrotquest.io/webapi/pagination). */
  private pageParams(position: PagePosition | null, count: number | undefined): Record<string, unknown> {
    const params: Record<string, unknown> = {
      paginate_count: Math.max(1, Math.min(count ?? MAX_PAGE_COUNT, MAX_PAGE_COUNT)),
      paginate_direction: 'before',
    };
    if (position) params.paginate_position = JSON.stringify(position);
    return params;
  }

  private async get<T>(
    endpoint: string,
    path: string,
    params: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    return (await this.getWithMeta(endpoint, path, params, schema)).data;
  }

  private async getWithMeta<T>(endpoint: string, path: string, params: Record<string, unknown>, schema: z.ZodType<T>) {
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    try {
      // Ids can exceed 2^53: ask for them as strings on every call (https://developers.dashly.io/webapi/types/).
      response = await this.http.get(path, { params: { ...params, id_as_string: true } });
    } catch (error) {
      const failure = this.transportError(error, endpoint);
      this.options.onCall?.({ endpoint, outcome: failure.code, durationMs: Date.now() - started });
      throw failure;
    }
    this.options.onCall?.({ endpoint, outcome: String(response.status), durationMs: Date.now() - started });

    const envelope = envelopeSchema.safeParse(readJson(response.data));
    const metaStatus = envelope.success ? envelope.data.meta.status : response.status;
    const status = response.status >= 400 ? response.status : metaStatus;
    if (status >= 300 || !envelope.success) {
      if (status < 300) {
        throw new CarrotQuestError(
          CarrotQuestErrorCode.BadResponse,
          `${endpoint} answered ${response.status} without the {meta, data} envelope`,
          {
            endpoint,
            httpStatus: response.status,
          },
        );
      }
      const apiError = envelope.success ? (envelope.data.meta.error ?? undefined) : undefined;
      const apiMessage = envelope.success ? (envelope.data.meta.error_message ?? '') : '';
      const code = codeForStatus(status, apiError);
      const retryAfter =
        code === CarrotQuestErrorCode.RateLimited
          ? (parseRetryAfter(response.headers['retry-after'] as string | undefined) ?? DEFAULT_RETRY_AFTER_MS)
          : undefined;
      throw new CarrotQuestError(
        code,
        `${endpoint} failed: HTTP ${status}${apiError ? ` ${apiError}` : ''}${apiMessage ? ` (${apiMessage.slice(0, 200)})` : ''}`,
        {
          endpoint,
          httpStatus: status,
          ...(apiError ? { apiError } : {}),
          ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
        },
      );
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) {
      const issue = data.error.issues[0];
      throw new CarrotQuestError(
        CarrotQuestErrorCode.BadResponse,
        `${endpoint} returned unexpected data at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        {
          endpoint,
          httpStatus: response.status,
        },
      );
    }
    return { data: data.data, meta: envelope.data.meta };
  }

  private transportError(error: unknown, endpoint: string): CarrotQuestError {
    const code = axios.isAxiosError(error) ? error.code : undefined;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
      return new CarrotQuestError(
        CarrotQuestErrorCode.Timeout,
        `${endpoint} timed out after ${this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`,
        { endpoint },
      );
    }
    return new CarrotQuestError(
      CarrotQuestErrorCode.Network,
      `${endpoint} could not be reached: ${code ?? (error instanceof Error ? error.message : 'unknown error')}`,
      { endpoint },
    );
  }
}
