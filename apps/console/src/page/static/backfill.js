// «Загрузить историю»: starts a backfill of a period and shows the run's progress. The backfill API's
// requests and answers are read here only, so a change to them stays in this file.
import { api, fieldMessages } from './api.js';
import { $ } from './dom.js';
import { integrationPath, state } from './page-state.js';

const BACKFILL_STATUS = {
  running: 'идёт',
  interrupted: 'прервана (запустите снова, чтобы продолжить)',
  done: 'завершена',
  failed: 'ошибка',
};

/** The shown integration's last run (null if none ever ran). */
export const fetchBackfill = () => api('GET', integrationPath('/backfill')).then((data) => data.backfill);

export function renderBackfill(progress) {
  $('backfill-panel').hidden = !state.integration;
  $('backfill-bar').hidden = !progress;
  if (!progress) {
    $('backfill-status').textContent = '';
    return;
  }
  $('backfill-bar').value = progress.fraction;
  $('backfill-status').textContent =
    Math.floor(progress.fraction * 100) +
    '% · просмотрено ' +
    progress.scanned +
    ', в очереди на импорт ' +
    progress.queued +
    ' · ' +
    BACKFILL_STATUS[progress.status] +
    (progress.error ? ': ' + progress.error : '');
}

function startBackfill() {
  if (!state.integration) return;
  $('backfill-error').textContent = '';
  // The «По» day is included whole: the API's `to` is a moment.
  const to = $('backfill-to').value ? $('backfill-to').value + 'T23:59:59Z' : null;
  api('POST', integrationPath('/backfill'), { from: $('backfill-from').value, to })
    .then(renderBackfill)
    .catch((error) => {
      const fields = fieldMessages(error);
      $('backfill-error').textContent = fields.length ? fields.join('; ') : error.message;
    });
}

export function wireBackfill() {
  $('backfill-start').addEventListener('click', startBackfill);
}
