import { DetailedCodedError } from '@carrot-bridge/domain';

/** Every way a CarrotQuest call can fail, as the worker's decision needs to tell them apart. */
export enum CarrotQuestErrorCode {
  /** Connection refused / reset / DNS: CarrotQuest or the network is down. */
  Network = 'network',
  Timeout = 'timeout',
  /** 5xx. */
  Server = 'server',
  /** 429; `retryAfterMs` says how long to wait. */
  RateLimited = 'rate_limited',
  /** 401 NotAuthenticated: the API key is wrong or revoked. */
  Unauthorized = 'unauthorized',
  /** 403 PermissionDeniedError: the key lacks a scope (conversations-read, user-read). */
  Forbidden = 'forbidden',
  /** LookupError (HTTP 400 in CarrotQuest) or 404: the conversation or user does not exist (any more). */
  NotFound = 'not_found',
  /** Other 4xx (ValidationError...): our request is wrong; repeating it will not help. */
  BadRequest = 'bad_request',
  /** A 200 whose body is not what CarrotQuest documents. */
  BadResponse = 'bad_response',
}

const RETRYABLE = new Set([
  CarrotQuestErrorCode.Network,
  CarrotQuestErrorCode.Timeout,
  CarrotQuestErrorCode.Server,
  CarrotQuestErrorCode.RateLimited,
]);

/**
 * Carries what is needed to decide and to explain, and nothing of the request itself: axios errors
 * hold the request headers, and those hold the API key.
 */
export class CarrotQuestError extends DetailedCodedError<
  CarrotQuestErrorCode,
  { httpStatus: number; apiError: string; endpoint: string; retryAfterMs: number }
> {
  /**
   * CarrotQuest refused the key itself (401 NotAuthenticated, 403 PermissionDeniedError): the one rule
   * by which a key is condemned. Anything else (down, slow, rate-limited) says nothing about the key.
   */
  get refusesKey(): boolean {
    return this.code === CarrotQuestErrorCode.Unauthorized || this.code === CarrotQuestErrorCode.Forbidden;
  }

  /** Whether repeating the same call later can succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
