import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { ZodError } from '@carrot-bridge/config';
import { SecretBoxError } from '@carrot-bridge/secrets';
import type { FailureDecision } from './decide-failure';

/** Used when the Data API says its limits are spent without saying for how long. */
export const LIMIT_EXCEEDED_WAIT_MS = 60_000;

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}

/**
 * The one place that decides what a failed export job does. `keyInvalid` here means: record the
 * refusal on the integration (its export stops until the settings are saved again).
 */
export function decideExportFailure(error: unknown): FailureDecision {
  if (error instanceof DataApiError) {
    switch (error.code) {
      case DataApiErrorCode.LimitExceeded:
        // metadata.limits says when the spent limit resets (minute_reset / day_reset, https://comagic.github.io/data_api/).
        return { action: 'wait', code: 'data_api_limit_exceeded', delayMs: error.details.retryAfterMs ?? LIMIT_EXCEEDED_WAIT_MS, reason: `Data API limits exceeded: ${error.message}` };
      case DataApiErrorCode.AccessDenied:
        return { action: 'give-up', code: 'data_api_access_denied', reason: `the Data API refused this integration: ${error.message}`, keyInvalid: true };
      case DataApiErrorCode.InvalidParams:
        return { action: 'give-up', code: 'data_api_invalid_params', reason: `the Data API refused the call: ${error.message}`, keyInvalid: false };
      case DataApiErrorCode.UnexpectedAnswer:
        // The client and the API disagree on the protocol: every call would fail alike; stop and say so.
        return { action: 'give-up', code: 'data_api_unexpected_answer', reason: `the Data API answered something we cannot read: ${error.message}`, keyInvalid: true };
      case DataApiErrorCode.Unavailable:
        return { action: 'retry', code: 'data_api_unavailable', reason: `Data API unavailable: ${error.message}` };
      default:
        return assertNever(error.code);
    }
  }
  // Retrying cannot make a token readable again (SECRETS_KEY changed, row tampered with): stop and say so on the integration.
  if (error instanceof SecretBoxError) return { action: 'give-up', code: 'secret_unreadable', reason: `the stored Data API token cannot be decrypted (${error.message}); save it again`, keyInvalid: true };
  if (error instanceof ZodError) return { action: 'give-up', code: 'invalid_job_data', reason: 'invalid export job data', keyInvalid: false };
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', code: 'unexpected', reason: `unexpected failure (database unavailable?): ${message.split('\n')[0]?.slice(0, 300)}` };
}
