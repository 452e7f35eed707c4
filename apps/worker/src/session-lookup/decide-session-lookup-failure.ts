import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { ZodError } from '@carrot-bridge/config';
import { assertNever, explainDataApiRefusal } from '@carrot-bridge/domain';
import { SecretBoxError } from '@carrot-bridge/secrets';
import type { FailureDecision } from '../lifecycle/failure-decision';

// The one place that decides what a failed session-lookup run does. Error codes:
// https://comagic.github.io/data_api/ ("Обработка ошибок").

/** Used when the Data API says its limits are spent (-32029) without saying (metadata.limits) for how long: as the export. */
export const SESSION_LOOKUP_LIMIT_WAIT_MS = 60_000;

/**
 * Spent limits wait for their reset without spending an attempt, as the export does; an outage is
 * retried with the job's backoff; a refusal (token, component, parameters) or a token we cannot decrypt
 * gives up: the lookups left stay pending until their giveUpAt, and their chats' export stops waiting
 * then (the export holds a chat no longer than that).
 */
export function decideSessionLookupFailure(error: unknown): FailureDecision {
  if (error instanceof DataApiError) {
    switch (error.code) {
      case DataApiErrorCode.LimitExceeded:
        return {
          action: 'wait',
          code: 'data_api_limit_exceeded',
          delayMs: error.details.retryAfterMs ?? SESSION_LOOKUP_LIMIT_WAIT_MS,
          reason: `Data API limits exceeded: ${error.message}`,
        };
      case DataApiErrorCode.Unavailable:
        return { action: 'retry', code: 'data_api_unavailable', reason: `Data API unavailable: ${error.message}` };
      case DataApiErrorCode.AccessDenied:
      case DataApiErrorCode.InvalidParams:
        return {
          action: 'give-up',
          code: error.code === DataApiErrorCode.AccessDenied ? 'data_api_access_denied' : 'data_api_invalid_params',
          reason: `the Data API refused the session report: ${explainDataApiRefusal(error.details)}`,
          keyInvalid: false,
        };
      case DataApiErrorCode.UnexpectedAnswer:
        return {
          action: 'give-up',
          code: 'data_api_unexpected_answer',
          reason: `unreadable session report: ${error.message}`,
          keyInvalid: false,
        };
      default:
        return assertNever(error.code);
    }
  }
  if (error instanceof SecretBoxError)
    return { action: 'give-up', code: 'secret_unreadable', reason: error.message, keyInvalid: false };
  if (error instanceof ZodError)
    return {
      action: 'give-up',
      code: 'invalid_job_data',
      reason: 'invalid session lookup job data',
      keyInvalid: false,
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    action: 'retry',
    code: 'unexpected',
    reason: `unexpected failure: ${message.split('\n')[0]?.slice(0, 300)}`,
  };
}
