// «Загрузить историю»: starts a backfill of a period and shows the run's progress. The backfill API's
// requests and answers are read here only, so a change to them stays in this file.
import { api } from './api.js';
import { $, el } from './dom.js';
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

// The period's fields: each API field error goes under its own input (`from` / `to`).
const FIELDS = { from: 'backfill-from', to: 'backfill-to' };
const fieldError = (field) => $('backfill-panel').querySelector('[data-backfill-error="' + field + '"]');

function clearBackfillErrors() {
  $('backfill-error').textContent = '';
  Object.keys(FIELDS).forEach((field) => {
    fieldError(field).textContent = '';
    $(FIELDS[field]).classList.remove('field-invalid');
  });
}

function showBackfillErrors(error) {
  const fields = (error.data && error.data.errors) || [];
  const elsewhere = [];
  fields.forEach((f) => {
    if (!FIELDS[f.field]) return elsewhere.push(f.message);
    fieldError(f.field).textContent = f.message;
    $(FIELDS[f.field]).classList.add('field-invalid');
  });
  if (elsewhere.length || !fields.length) $('backfill-error').textContent = elsewhere.join('; ') || error.message;
}

function startBackfill() {
  if (!state.integration) return;
  clearBackfillErrors();
  // The previous run's «100% … завершена» is not this run's: gone until the new run answers.
  renderBackfill(null);
  $('backfill-status').textContent = 'Запуск…';
  $('backfill-start').disabled = true;
  // The «По» day is included whole: the API's `to` is a moment; no «По» means up to now.
  const to = $('backfill-to').value ? $('backfill-to').value + 'T23:59:59Z' : null;
  api('POST', integrationPath('/backfill'), { from: $('backfill-from').value, to })
    .then(renderBackfill)
    .catch((error) => {
      $('backfill-status').textContent = '';
      showBackfillErrors(error);
    })
    .finally(() => {
      $('backfill-start').disabled = false;
    });
}

export function wireBackfill() {
  // A place for each field's message, under its input (built here: index.html has no room for them).
  Object.keys(FIELDS).forEach((field) => {
    $(FIELDS[field]).after(el('span', { class: 'error field-error', 'data-backfill-error': field }));
  });
  $('backfill-start').addEventListener('click', startBackfill);
}
