// The «Отчёт» page: chats per day for a period, split by what the user picks, as a stacked bar chart and
// a table with totals. The CSV link asks the API for the very same report.
import { api } from './api.js';
import { $, el, number, russianDate, showPageError } from './dom.js';
import { settingsAddress } from './page-address.js';
import { renderChart } from './report-chart.js';
import { renderTable } from './report-table.js';
import { loadMe, renderSessionBar } from './session-bar.js';

const DEFAULT_ZONE = 'Europe/Moscow';
const DAY_MS = 24 * 60 * 60 * 1000;
// `openedFor`: the integration the report was opened for; «← Настройки интеграции» goes back to it even
// while «Все интеграции» is chosen.
const state = { accountId: null, openedFor: null };

/** YYYY-MM-DD of "now" in a zone (the report's days are that zone's days). */
function todayIn(zone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return parts.slice(0, 10);
}
const addDays = (isoDay, n) => new Date(Date.parse(isoDay + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);

// The report's filters that a field error can name: its message goes under that input.
const FIELDS = ['from', 'to'];
const fieldError = (field) => document.querySelector('[data-report-error="' + field + '"]');

// What went wrong that no field shows: the other field messages, or just that it failed.
function reportProblem(error) {
  const fields = ((error.data && error.data.errors) || []).filter((f) => !FIELDS.includes(f.field));
  if (fields.length) return fields.map((f) => f.message).join('; ');
  if (error.data && error.data.errors && error.data.errors.length) return '';
  if (error.status === undefined) return error.message;
  return error.status === 404 ? 'не найдено' : 'ошибка сервера (' + error.status + ')';
}

function clearReportErrors() {
  $('report-error').textContent = '';
  FIELDS.forEach((field) => {
    fieldError(field).textContent = '';
    $(field).classList.remove('field-invalid');
  });
}

// A refused report: each field's message under it, and nothing of the report before (its chart, table and
// dates would read as the answer to the period now in the form).
function showReportFailure(error) {
  ((error.data && error.data.errors) || []).forEach((f) => {
    if (!FIELDS.includes(f.field)) return;
    fieldError(f.field).textContent = f.message;
    $(f.field).classList.add('field-invalid');
  });
  const problem = reportProblem(error);
  if (problem) $('report-error').textContent = 'Не удалось построить отчёт: ' + problem;
  $('chart').replaceChildren();
  $('legend').replaceChildren();
  $('chart-empty').hidden = true;
  const table = $('report-table');
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  table.tFoot.replaceChildren();
  $('report-summary').textContent = '';
  document.body.setAttribute('data-report', 'failed');
}

function query() {
  const params = new URLSearchParams({
    from: $('from').value,
    to: $('to').value,
    dimension: $('dimension').value,
    timeZone: $('timeZone').value,
  });
  if ($('integration').value) params.set('integrationId', $('integration').value);
  return params.toString();
}

/** The report's own address (account, integration, period, split) and the way back to the integration. */
function showAddress() {
  const integration = $('integration').value;
  const address = new URLSearchParams({ account: state.accountId });
  if (integration) address.set('integration', integration);
  ['from', 'to', 'dimension', 'timeZone'].forEach((id) => address.set(id, $(id).value));
  history.replaceState(null, '', '?' + address);
  $('settings-link').href = settingsAddress(state.accountId, integration || state.openedFor);
}

function load() {
  clearReportErrors();
  const base = '/accounts/' + state.accountId + '/reports/chats-per-day';
  $('csv').href = '/api' + base + '.csv?' + query();
  showAddress();
  return api('GET', base + '?' + query())
    .then((report) => {
      renderChart(report);
      renderTable(report);
      $('report-summary').textContent =
        'Всего чатов (вопросов): ' +
        number(report.totals.total) +
        ' · ' +
        russianDate(report.from) +
        ' — ' +
        russianDate(report.to) +
        ' · дни по часовому поясу ' +
        report.timeZone;
      document.body.setAttribute('data-report', 'ready');
    })
    .catch(showReportFailure);
}

function fillZones(wanted) {
  const zones = [[DEFAULT_ZONE, 'Москва (Europe/Moscow)']];
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (mine && mine !== DEFAULT_ZONE) zones.push([mine, 'Ваш пояс (' + mine + ')']);
  zones.push(['UTC', 'UTC']);
  if (wanted && !zones.some((z) => z[0] === wanted)) zones.push([wanted, wanted]);
  $('timeZone').replaceChildren(...zones.map((z) => el('option', { value: z[0] }, z[1])));
  $('timeZone').value = wanted || DEFAULT_ZONE;
}

function loadAccount(accountId, integrationId) {
  state.accountId = accountId;
  state.openedFor = integrationId || null;
  return api('GET', '/accounts/' + accountId + '/integrations').then((data) => {
    const select = $('integration');
    select.replaceChildren(el('option', { value: '' }, 'Все интеграции'));
    data.integrations.forEach((i) => select.appendChild(el('option', { value: i.id }, i.name)));
    select.value = data.integrations.some((i) => i.id === integrationId) ? integrationId : '';
    return load();
  });
}

const params = new URLSearchParams(location.search);
fillZones(params.get('timeZone'));
const today = todayIn($('timeZone').value);
$('to').value = params.get('to') || today;
$('from').value = params.get('from') || addDays(today, -29);
if (params.get('dimension')) $('dimension').value = params.get('dimension');

FIELDS.forEach((field) => $(field).after(el('span', { class: 'error field-error', 'data-report-error': field })));
$('report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
['dimension', 'integration', 'timeZone'].forEach((id) => $(id).addEventListener('change', load));
$('account').addEventListener('change', (event) => {
  loadAccount(event.target.value, null).catch((e) => showPageError(reportProblem(e)));
});

loadMe()
  .then((data) => {
    renderSessionBar(data);
    if (!data.accounts.length) throw new Error('нет ни одного аккаунта (создайте демо-аккаунт: pnpm db:seed)');
    data.accounts.forEach((a) => $('account').appendChild(el('option', { value: a.id }, a.name)));
    const first = data.accounts.find((a) => a.id === params.get('account')) || data.accounts[0];
    $('account').value = first.id;
    // `integrationId` is how the report's address named it before the page had addresses of its own.
    return loadAccount(first.id, params.get('integration') || params.get('integrationId'));
  })
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch((error) => showPageError('Не удалось загрузить данные: ' + reportProblem(error)));
