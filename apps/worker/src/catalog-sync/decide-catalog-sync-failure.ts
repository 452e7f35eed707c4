import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { ZodError } from '@carrot-bridge/config';
import { assertNever, explainDataApiRefusal } from '@carrot-bridge/domain';
import { SecretBoxError } from '@carrot-bridge/secrets';
import type { FailureDecision } from '../lifecycle/failure-decision';

// The one place that decides what a failed catalog sync does. Error codes and their groups:
// https://comagic.github.io/data_api/ ("Обработка ошибок").

/** Used when the Data API says its limits are spent without saying (metadata.limits) for how long. */
export const CATALOG_LIMIT_WAIT_MS = 60_000;

/**
 * An outage is retried with the job's backoff (the configured attempts); spent limits wait for their
 * reset; a refusal (token, IP, component, account, parameters), an answer we cannot read or a token we
 * cannot decrypt gives up at once: no later attempt can succeed until someone changes the connection.
 * The use case has already recorded the reason on the connection.
 */
export function decideCatalogSyncFailure(error: unknown): FailureDecision {
  const reason = describeCatalogSyncFailure(error);
  if (error instanceof DataApiError) {
    switch (error.code) {
      case DataApiErrorCode.LimitExceeded:
        return {
          action: 'wait',
          code: 'data_api_limit_exceeded',
          delayMs: error.details.retryAfterMs ?? CATALOG_LIMIT_WAIT_MS,
          reason,
        };
      case DataApiErrorCode.Unavailable:
        return { action: 'retry', code: 'data_api_unavailable', reason };
      case DataApiErrorCode.AccessDenied:
        return { action: 'give-up', code: 'data_api_access_denied', reason, keyInvalid: false };
      case DataApiErrorCode.InvalidParams:
        return { action: 'give-up', code: 'data_api_invalid_params', reason, keyInvalid: false };
      case DataApiErrorCode.UnexpectedAnswer:
        return { action: 'give-up', code: 'data_api_unexpected_answer', reason, keyInvalid: false };
      default:
        return assertNever(error.code);
    }
  }
  if (error instanceof SecretBoxError)
    return { action: 'give-up', code: 'secret_unreadable', reason, keyInvalid: false };
  if (error instanceof ZodError)
    return { action: 'give-up', code: 'invalid_job_data', reason: 'invalid catalog sync job data', keyInvalid: false };
  return { action: 'retry', code: 'unexpected', reason };
}

/** The sentence recorded on the connection (the page shows it), in Russian. */
export function describeCatalogSyncFailure(error: unknown): string {
  if (error instanceof DataApiError) {
    switch (error.code) {
      case DataApiErrorCode.Unavailable:
        return `Data API недоступен, повторим позже (${error.message})`;
      case DataApiErrorCode.LimitExceeded:
        return `исчерпаны лимиты Data API, повторим после их сброса (${error.message})`;
      case DataApiErrorCode.AccessDenied:
      case DataApiErrorCode.InvalidParams:
        return `CoMagic отказал: ${explainDataApiRefusal(error.details)} — проверьте токен и подключите кабинет заново`;
      case DataApiErrorCode.UnexpectedAnswer:
        return `CoMagic ответил так, как мы не умеем читать (${error.message})`;
      default:
        return assertNever(error.code);
    }
  }
  if (error instanceof SecretBoxError) return 'сохранённый токен не удаётся расшифровать: подключите кабинет заново';
  const message = error instanceof Error ? error.message : String(error);
  return `не удалось (база данных недоступна?): ${message.split('\n')[0]?.slice(0, 300)}`;
}
