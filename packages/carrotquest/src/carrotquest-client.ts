import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { channelSchema, conversationSchema, envelopeSchema, partSchema, userSchema, type CqChannel, type CqConversation, type CqPart, type CqUser } from './api-types';
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
  /** Parts fetched per page (CarrotQuest's maximum is 50). */
  partsPageSize?: number;
  /** A guard against a server that pages forever. */
  maxPartPages?: number;
  onCall?: (info: CarrotQuestCallInfo) => void;
  /** Connection agents (keep-alive, or an outbound address guard that refuses private addresses). */
  agents?: { http?: HttpAgent; https?: HttpsAgent };
}

const DEFAULT_TIMEOUT_MS = 10_000;
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
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Token ${options.apiKey}`, Accept: 'application/json' },
      validateStatus: () => true,
      // Redirects would forward the Authorization header to wherever they point.
      maxRedirects: 0,
      maxContentLength: 10 * 1024 * 1024,
      ...(options.agents?.http ? { httpAgent: options.agents.http } : {}),
      ...(options.agents?.https ? { httpsAgent: options.agents.https } : {}),
    });
  }

  async getConversation(conversationId: string): Promise<CqConversation> {
    return this.get('/conversations/{id}', `/conversations/${encodeURIComponent(conversationId)}`, {}, conversationSchema);
  }

  /** Every part of the conversation, oldest first, following `next_before_position` backwards. */
  async getConversationParts(conversationId: string): Promise<CqPart[]> {
    const pages: CqPart[][] = [];
    let before: string | number | undefined;
    const maxPages = this.options.maxPartPages ?? 200;
    for (let page = 0; page < maxPages; page += 1) {
      const params: Record<string, unknown> = { count: this.options.partsPageSize ?? 50 };
      if (before !== undefined) params.before = before;
      const { data, meta } = await this.getWithMeta('/conversations/{id}/parts', `/conversations/${encodeURIComponent(conversationId)}/parts`, params, z.array(partSchema));
      pages.push(data);
      if (meta.next_before_position === null || meta.next_before_position === undefined || data.length === 0) {
        return pages.reverse().flat().sort((a, b) => a.created - b.created);
      }
      before = meta.next_before_position;
    }
    throw new CarrotQuestError(CarrotQuestErrorCode.BadResponse, `conversation ${conversationId} has more than ${maxPages} pages of parts`, {
      endpoint: '/conversations/{id}/parts',
    });
  }

  /**
   * One page of the app's conversations, oldest first, from after `after` (a conversation id).
   * The paging parameters (`count`, `after`, `meta.next_after`) are our reading of CarrotQuest's
   * "filters, paging" for this endpoint, not confirmed against the live API.
   */
  async listConversations(page: { after?: string | null; count?: number } = {}): Promise<{ conversations: CqConversation[]; nextAfter: string | null }> {
    const params: Record<string, unknown> = { count: page.count ?? 50 };
    if (page.after) params.after = page.after;
    const { data, meta } = await this.getWithMeta('/apps/$self_app/conversations', '/apps/$self_app/conversations', params, z.array(conversationSchema));
    const next = (meta as { next_after?: unknown }).next_after;
    return { conversations: data, nextAfter: next === null || next === undefined || data.length === 0 ? null : String(next) };
  }

  async getUser(userId: string): Promise<CqUser> {
    return this.get('/users/{id}', `/users/${encodeURIComponent(userId)}`, { props_custom: true }, userSchema);
  }

  /** The app's channels; also the cheapest call that proves a key works. */
  async getChannels(): Promise<CqChannel[]> {
    return this.get('/apps/$self_app/channels', '/apps/$self_app/channels', {}, z.array(channelSchema));
  }

  private async get<T>(endpoint: string, path: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    return (await this.getWithMeta(endpoint, path, params, schema)).data;
  }

  private async getWithMeta<T>(endpoint: string, path: string, params: Record<string, unknown>, schema: z.ZodType<T>) {
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.get(path, { params });
    } catch (error) {
      const failure = this.transportError(error, endpoint);
      this.options.onCall?.({ endpoint, outcome: failure.code, durationMs: Date.now() - started });
      throw failure;
    }
    this.options.onCall?.({ endpoint, outcome: String(response.status), durationMs: Date.now() - started });

    const envelope = envelopeSchema.safeParse(response.data);
    const metaStatus = envelope.success ? envelope.data.meta.status : response.status;
    const status = response.status >= 400 ? response.status : metaStatus;
    if (status >= 300 || !envelope.success) {
      if (status < 300) {
        throw new CarrotQuestError(CarrotQuestErrorCode.BadResponse, `${endpoint} answered ${response.status} without the {meta, data} envelope`, {
          endpoint,
          httpStatus: response.status,
        });
      }
      const apiError = envelope.success ? envelope.data.meta.error ?? undefined : undefined;
      const apiMessage = envelope.success ? envelope.data.meta.error_message ?? '' : '';
      const code = codeForStatus(status, apiError);
      const retryAfter = code === CarrotQuestErrorCode.RateLimited ? parseRetryAfter(response.headers['retry-after'] as string | undefined) ?? DEFAULT_RETRY_AFTER_MS : undefined;
      throw new CarrotQuestError(code, `${endpoint} failed: HTTP ${status}${apiError ? ` ${apiError}` : ''}${apiMessage ? ` (${apiMessage.slice(0, 200)})` : ''}`, {
        endpoint,
        httpStatus: status,
        ...(apiError ? { apiError } : {}),
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
      });
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) {
      const issue = data.error.issues[0];
      throw new CarrotQuestError(CarrotQuestErrorCode.BadResponse, `${endpoint} returned unexpected data at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, {
        endpoint,
        httpStatus: response.status,
      });
    }
    return { data: data.data, meta: envelope.data.meta };
  }

  private transportError(error: unknown, endpoint: string): CarrotQuestError {
    const code = axios.isAxiosError(error) ? error.code : undefined;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
      return new CarrotQuestError(CarrotQuestErrorCode.Timeout, `${endpoint} timed out after ${this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, { endpoint });
    }
    return new CarrotQuestError(CarrotQuestErrorCode.Network, `${endpoint} could not be reached: ${code ?? (error instanceof Error ? error.message : 'unknown error')}`, { endpoint });
  }
}
