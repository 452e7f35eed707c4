import { DataApiError, type DataApiErrorCode, type DataApiErrorDetails } from '@carrot-bridge/data-api';
import { ZodError } from '@carrot-bridge/config';
import { assertNever } from '@carrot-bridge/domain';
import { SecretBoxError } from '@carrot-bridge/secrets';
import type { FailureDecision } from './failure-decision';

// The one decision of every job that calls the Data API (export, catalog sync, session lookup): what a
// failure does to the job is the same for all of them; each job only words its reasons and says which
// refusals mark its integration's key invalid. Error codes and their groups:
// https://comagic.github.io/data_api/ ("Обработка ошибок").

/** Used when the Data API says its limits are spent (-32029) without saying (metadata.limits) for how long. */
export const LIMIT_EXCEEDED_WAIT_MS = 60_000;

/** Every failure a Data API job tells apart; also the decision's `code` (a metrics label). */
export type DataApiFailureCode =
  `data_api_${DataApiErrorCode}` | 'secret_unreadable' | 'invalid_job_data' | 'unexpected';

/** A failure as the wording reads it. */
export interface DataApiFailure {
  code: DataApiFailureCode;
  /** The error's message; for an unexpected failure its first line, at most 300 characters. */
  message: string;
  /** What the Data API said (empty for a failure that is not the Data API's). */
  details: DataApiErrorDetails;
}

/** What one job brings: its name, the reasons it words its own way, and which give-ups mark its key invalid. */
export interface DataApiJobFailures {
  /** As in "invalid export job data". */
  job: string;
  /** A job's own sentence for a failure; the rest take the plain English wording below (logs, `pnpm cq status`). */
  wording?: Partial<Record<DataApiFailureCode, (failure: DataApiFailure) => string>>;
  /** Give-ups recorded against the integration's Data API key: its export stops until the settings are saved again. */
  keyInvalidOn?: readonly DataApiFailureCode[];
}

const PLAIN_WORDING: Record<DataApiFailureCode, (failure: DataApiFailure, job: string) => string> = {
  data_api_limit_exceeded: (f) => `Data API limits exceeded: ${f.message}`,
  data_api_unavailable: (f) => `Data API unavailable: ${f.message}`,
  data_api_access_denied: (f) => `the Data API refused the call: ${f.message}`,
  data_api_invalid_params: (f) => `the Data API refused the call: ${f.message}`,
  data_api_unexpected_answer: (f) => `unreadable Data API answer: ${f.message}`,
  secret_unreadable: (f) => `the stored Data API token cannot be decrypted: ${f.message}`,
  invalid_job_data: (_f, job) => `invalid ${job} job data`,
  unexpected: (f) => `unexpected failure (database unavailable?): ${f.message}`,
};

function classifyDataApiFailure(error: unknown): DataApiFailure {
  if (error instanceof DataApiError)
    return { code: `data_api_${error.code}`, message: error.message, details: error.details };
  if (error instanceof SecretBoxError) return { code: 'secret_unreadable', message: error.message, details: {} };
  if (error instanceof ZodError) return { code: 'invalid_job_data', message: error.message, details: {} };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unexpected', message: message.split('\n')[0]?.slice(0, 300) ?? '', details: {} };
}

function reasonFor(failure: DataApiFailure, job: DataApiJobFailures): string {
  return job.wording?.[failure.code]?.(failure) ?? PLAIN_WORDING[failure.code](failure, job.job);
}

/** The job's sentence for a failure, for people: the decision's reason. */
export function describeDataApiFailure(error: unknown, job: DataApiJobFailures): string {
  return reasonFor(classifyDataApiFailure(error), job);
}

/**
 * Spent limits wait for their reset (metadata.limits) without spending an attempt; an outage and the
 * unexpected (PostgreSQL down) are retried with the job's backoff; a refusal (token, IP, component,
 * account, parameters), an answer we cannot read, a token we cannot decrypt or bad job data give up at
 * once: no later attempt can succeed until someone changes something.
 */
export function decideDataApiFailure(error: unknown, job: DataApiJobFailures): FailureDecision {
  const failure = classifyDataApiFailure(error);
  const { code } = failure;
  const reason = reasonFor(failure, job);
  switch (code) {
    case 'data_api_limit_exceeded':
      return { action: 'wait', code, delayMs: failure.details.retryAfterMs ?? LIMIT_EXCEEDED_WAIT_MS, reason };
    case 'data_api_unavailable':
    case 'unexpected':
      return { action: 'retry', code, reason };
    case 'data_api_access_denied':
    case 'data_api_invalid_params':
    case 'data_api_unexpected_answer':
    case 'secret_unreadable':
    case 'invalid_job_data':
      return { action: 'give-up', code, reason, keyInvalid: job.keyInvalidOn?.includes(code) ?? false };
    default:
      return assertNever(code);
  }
}
