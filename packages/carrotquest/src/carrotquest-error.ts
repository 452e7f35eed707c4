import { DetailedCodedError } from '@carrot-bridge/domain';

// Every way a CarrotQuest call can fail, as the worker's decision needs to tell them apart, in the three
// groups the decision starts from: whether a later call can succeed, and whether the key is to blame.

/** CarrotQuest or the way to it is down or busy: the same call can succeed later. */
export enum CarrotQuestOutage {
  /** Connection refused / reset / DNS: CarrotQuest or the network is down. */
  Network = 'network',
  Timeout = 'timeout',
  /** 5xx. */
  Server = 'server',
  /** 429; `retryAfterMs` says how long to wait. */
  RateLimited = 'rate_limited',
}

/** CarrotQuest refused the key itself: the one rule by which a key is condemned. */
export enum CarrotQuestKeyRefusal {
  /** 401 NotAuthenticated: the API key is wrong or revoked. */
  Unauthorized = 'unauthorized',
  /** 403 PermissionDeniedError: the key lacks a scope (conversations-read, user-read). */
  Forbidden = 'forbidden',
}

/** This call cannot succeed however often it is made; the key is not to blame. */
export enum CarrotQuestCallRefusal {
  /** LookupError (HTTP 400 in CarrotQuest) or 404: the conversation or user does not exist (any more). */
  NotFound = 'not_found',
  /** Other 4xx (ValidationError...): our request is wrong; repeating it will not help. */
  BadRequest = 'bad_request',
  /** A 200 whose body is not what CarrotQuest documents. */
  BadResponse = 'bad_response',
}

export type CarrotQuestErrorCode = CarrotQuestOutage | CarrotQuestKeyRefusal | CarrotQuestCallRefusal;
/** The three groups' codes under one name, for a switch over every code. */
export const CarrotQuestErrorCode = {
  ...CarrotQuestOutage,
  ...CarrotQuestKeyRefusal,
  ...CarrotQuestCallRefusal,
} as const;

const OUTAGES: ReadonlySet<string> = new Set(Object.values(CarrotQuestOutage));
const KEY_REFUSALS: ReadonlySet<string> = new Set(Object.values(CarrotQuestKeyRefusal));

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
    return KEY_REFUSALS.has(this.code);
  }

  /** Whether repeating the same call later can succeed. */
  get retryable(): boolean {
    return OUTAGES.has(this.code);
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
