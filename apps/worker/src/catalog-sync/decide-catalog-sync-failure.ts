import { explainDataApiRefusal } from '@carrot-bridge/domain';
import {
  decideDataApiFailure,
  describeDataApiFailure,
  type DataApiFailure,
  type DataApiJobFailures,
} from '../lifecycle/decide-data-api-failure';
import type { FailureDecision } from '../lifecycle/failure-decision';

// What a failed catalog sync does: the Data API jobs' shared decision, worded in Russian for the
// connection (the page shows it). Nothing here marks a key invalid: the use case has already recorded
// the reason on the connection, and connecting the cabinet again replaces the token.

const refused = (f: DataApiFailure) =>
  `CoMagic отказал: ${explainDataApiRefusal(f.details)} — проверьте токен и подключите кабинет заново`;

const CATALOG_SYNC_FAILURES: DataApiJobFailures = {
  job: 'catalog sync',
  wording: {
    data_api_unavailable: (f) => `Data API недоступен, повторим позже (${f.message})`,
    data_api_limit_exceeded: (f) => `исчерпаны лимиты Data API, повторим после их сброса (${f.message})`,
    data_api_access_denied: refused,
    data_api_invalid_params: refused,
    data_api_unexpected_answer: (f) => `CoMagic ответил так, как мы не умеем читать (${f.message})`,
    secret_unreadable: () => 'сохранённый токен не удаётся расшифровать: подключите кабинет заново',
    unexpected: (f) => `не удалось (база данных недоступна?): ${f.message}`,
  },
};

export function decideCatalogSyncFailure(error: unknown): FailureDecision {
  return decideDataApiFailure(error, CATALOG_SYNC_FAILURES);
}

/** The sentence recorded on the connection (the page shows it), in Russian. */
export function describeCatalogSyncFailure(error: unknown): string {
  return describeDataApiFailure(error, CATALOG_SYNC_FAILURES);
}
