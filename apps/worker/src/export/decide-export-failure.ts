import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { assertNever, explainDataApiRefusal } from '@carrot-bridge/domain';
import { decideDataApiFailure, type DataApiJobFailures } from '../lifecycle/decide-data-api-failure';
import type { FailureDecision } from '../lifecycle/failure-decision';

// The one place that decides what a failure of the export does: to the job (decideExportFailure, the
// Data API jobs' shared decision worded for the export), to a batch of chats (decideUploadRefusal), to
// a chat's tag (decideTagRefusal), and to the account's time zone (mayAssumeTimeZoneAfter).
// Error codes: https://comagic.github.io/data_api/ ("Обработка ошибок").

/**
 * `keyInvalid` here means: record the refusal on the integration (its export stops until the settings
 * are saved again); such reasons are in Russian, for the page. A refused call that reaches the job is
 * not a chat's (decideUploadRefusal handles those per chat) and does not blame the key.
 */
const EXPORT_FAILURES: DataApiJobFailures = {
  job: 'export',
  wording: {
    data_api_access_denied: (f) => explainDataApiRefusal(f.details),
    // The client and the API disagree on the protocol: every call would fail alike; stop and say so.
    data_api_unexpected_answer: (f) =>
      `CoMagic ответил так, как мы не умеем читать; выгрузка остановлена, сообщите в поддержку (${f.message})`,
    // Retrying cannot make a token readable again (SECRETS_KEY changed, row tampered with).
    secret_unreadable: (f) =>
      `сохранённый токен Data API не удаётся расшифровать: вставьте его заново в настройках выгрузки (${f.message})`,
  },
  keyInvalidOn: ['data_api_access_denied', 'data_api_unexpected_answer', 'secret_unreadable'],
};

/** What a failed export job does. */
export function decideExportFailure(error: unknown): FailureDecision {
  return decideDataApiFailure(error, EXPORT_FAILURES);
}

export type UploadRefusalDecision =
  /** The refusal names chat `index` of the batch: mark it failed with `reason`, send the rest again at once. */
  | { action: 'fail-chat'; index: number; reason: string }
  /** A refusal of a batch of several that names none of its chats: send them one by one to find the culprit. */
  | { action: 'one-by-one' }
  /** Not about the chats (limits, access, outage): the job's failure (decideExportFailure). */
  | { action: 'fail-job' };

/**
 * What a failed upload.chats call does to its batch. A -32602 refusal names its chat in `data.field`
 * ("chats.3.phone", read as well in the bracketed form); one that names none is tried chat by chat
 * once, so one bad chat never holds back the others, and a chat refused alone is that chat's fault.
 */
export function decideUploadRefusal(error: unknown, batchSize: number): UploadRefusalDecision {
  if (!(error instanceof DataApiError) || error.code !== DataApiErrorCode.InvalidParams) return { action: 'fail-job' };
  const index = error.chatIndex;
  const reason = explainDataApiRefusal(error.details);
  if (index !== null && index < batchSize) return { action: 'fail-chat', index, reason };
  if (batchSize > 1) return { action: 'one-by-one' };
  return { action: 'fail-chat', index: 0, reason };
}

/**
 * What a refused set.tag_communications does: a -32602 refusal (the tag unknown, say) is noted on the
 * chat, which stays delivered; anything else is the job's failure, and the chat, still pending, is
 * delivered and tagged again later (a repeated upload with the same ext_id updates the chat).
 */
export function decideTagRefusal(error: unknown): { action: 'note'; note: string } | { action: 'fail-job' } {
  if (!(error instanceof DataApiError) || error.code !== DataApiErrorCode.InvalidParams) return { action: 'fail-job' };
  return { action: 'note', note: `чат выгружен, но тег не поставлен: ${explainDataApiRefusal(error.details)}` };
}

/**
 * Whether a failed get.account lets the export go on in the assumed zone (Moscow). Only a refusal of
 * get.account itself does: the method forbidden to this user ("Кому доступен: Клиент",
 * https://comagic.github.io/data_api/account/get_account/), a refused or unreadable call. A bad token,
 * a blocked IP or account, a missing component, spent limits or an outage would stop upload.chats
 * alike: they go to decideExportFailure, and the zone is read once they are fixed.
 */
export function mayAssumeTimeZoneAfter(error: unknown): boolean {
  if (!(error instanceof DataApiError)) return false;
  switch (error.code) {
    case DataApiErrorCode.InvalidParams:
    case DataApiErrorCode.UnexpectedAnswer:
      return true;
    case DataApiErrorCode.AccessDenied:
      return error.details.rpcCode === -32003 && error.details.mnemonic === 'forbidden';
    case DataApiErrorCode.LimitExceeded:
    case DataApiErrorCode.Unavailable:
      return false;
    default:
      return assertNever(error.code);
  }
}
