import {
  CarrotQuestError,
  CarrotQuestErrorCode,
  DEFAULT_RETRY_AFTER_MS,
  StoredApiKeyUnreadableError,
} from '@carrot-bridge/carrotquest';
import { MissingReferenceError, Prisma } from '@carrot-bridge/db';
import { ZodError } from '@carrot-bridge/config';
import { assertNever } from '@carrot-bridge/domain';
import type { FailureDecision } from '../lifecycle/failure-decision';
import { ImportError, ImportErrorCode } from './import-error';
import { IntegrationThrottleCode, IntegrationThrottledError } from './integration-throttled-error';

export type { FailureDecision } from '../lifecycle/failure-decision';

const retry = (code: string, reason: string): FailureDecision => ({ action: 'retry', code, reason });
const giveUp = (code: string, reason: string, keyInvalid = false): FailureDecision => ({
  action: 'give-up',
  code,
  reason,
  keyInvalid,
});

function decideCarrotQuest(error: CarrotQuestError): FailureDecision {
  switch (error.code) {
    case CarrotQuestErrorCode.Network:
    case CarrotQuestErrorCode.Timeout:
    case CarrotQuestErrorCode.Server:
      return retry(`carrotquest_${error.code}`, `CarrotQuest unavailable: ${error.message}`);
    case CarrotQuestErrorCode.RateLimited:
      return {
        action: 'wait',
        code: 'carrotquest_rate_limited',
        delayMs: error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
        reason: `CarrotQuest rate limit: ${error.message}`,
      };
    case CarrotQuestErrorCode.Unauthorized:
      return giveUp('carrotquest_unauthorized', `CarrotQuest rejected the API key: ${error.message}`, error.refusesKey);
    case CarrotQuestErrorCode.Forbidden:
      return giveUp(
        'carrotquest_forbidden',
        `the API key lacks a permission (conversations-read, user-read): ${error.message}`,
        error.refusesKey,
      );
    case CarrotQuestErrorCode.NotFound:
      return giveUp(
        'carrotquest_not_found',
        `the conversation or its user no longer exists in CarrotQuest: ${error.message}`,
      );
    case CarrotQuestErrorCode.BadRequest:
      return giveUp('carrotquest_bad_request', `CarrotQuest refused the request: ${error.message}`);
    case CarrotQuestErrorCode.BadResponse:
      return giveUp('carrotquest_bad_response', `CarrotQuest answered something we cannot read: ${error.message}`);
    default:
      return assertNever(error.code);
  }
}

function decideThrottled(error: IntegrationThrottledError): FailureDecision {
  switch (error.code) {
    // Neither is CarrotQuest refusing this job: it did not call. Deferred, so no job fails for its integration
    // being busy or cooling down (a job's waits are for 429s answered to it; docs/fairness.md).
    case IntegrationThrottleCode.Busy:
    case IntegrationThrottleCode.CoolingDown:
      return { action: 'defer', code: error.code, delayMs: error.delayMs, reason: error.message };
    default:
      return assertNever(error.code);
  }
}

function decideImport(error: ImportError): FailureDecision {
  switch (error.code) {
    case ImportErrorCode.ConversationWithoutUser:
      return giveUp(error.code, error.message);
    case ImportErrorCode.KeyMarkedInvalid:
      return giveUp(error.code, error.message, false);
    default:
      return assertNever(error.code);
  }
}

/**
 * The one place that turns a failure into "retry", "wait" or "give up". Anything unknown is retried:
 * losing a chat to an unforeseen transient error is worse than a few extra attempts.
 */
export function decideFailure(error: unknown): FailureDecision {
  if (error instanceof CarrotQuestError) return decideCarrotQuest(error);
  if (error instanceof ImportError) return decideImport(error);
  if (error instanceof IntegrationThrottledError) return decideThrottled(error);
  if (error instanceof StoredApiKeyUnreadableError) return giveUp('secret_unreadable', error.message);
  if (error instanceof ZodError)
    return giveUp(
      'invalid_job_data',
      `invalid job data: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (
    error instanceof MissingReferenceError ||
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003')
  ) {
    return giveUp(
      'missing_reference',
      'a campaign, source, site, employee or tag the integration points at no longer exists; fix the settings, then retry',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return retry('unexpected', `unexpected failure (database unavailable?): ${message.split('\n')[0]?.slice(0, 300)}`);
}
