import { explainDataApiRefusal } from '@carrot-bridge/domain';
import {
  decideDataApiFailure,
  type DataApiFailure,
  type DataApiJobFailures,
} from '../lifecycle/decide-data-api-failure';
import type { FailureDecision } from '../lifecycle/failure-decision';

// What a failed session-lookup run does: the Data API jobs' shared decision. A give-up leaves the
// lookups pending until their giveUpAt, and their chats' export stops waiting then (the export holds
// a chat no longer than that); no give-up marks a key invalid (the export's own calls do that).

const refused = (f: DataApiFailure) => `the Data API refused the session report: ${explainDataApiRefusal(f.details)}`;

const SESSION_LOOKUP_FAILURES: DataApiJobFailures = {
  job: 'session lookup',
  wording: {
    data_api_access_denied: refused,
    data_api_invalid_params: refused,
    data_api_unexpected_answer: (f) => `unreadable session report: ${f.message}`,
  },
};

export function decideSessionLookupFailure(error: unknown): FailureDecision {
  return decideDataApiFailure(error, SESSION_LOOKUP_FAILURES);
}
