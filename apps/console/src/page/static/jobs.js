// «Задачи»: the shown integration's waiting, retrying and failed jobs of every kind (imports, exports,
// the catch-up, a backfill, its account's session lookups), each with its conversation, attempts, next
// attempt and reason in Russian (the worker's own text in the tooltip), and «Повторить» one or all. The
// section is built here (index.html is at its size budget) and refreshes itself; a viewer sees no
// buttons (style.css hides .jobs-write under body[data-read-only]; the API refuses them anyway).
import { api } from './api.js';
import { $, dateTime, el, plural } from './dom.js';
import { state } from './page-state.js';

const POLL_MS = 5000;
const STATES = { waiting: 'ждёт', retrying: 'повторится', failed: 'ошибка' };

/** The integration whose jobs are shown (an answer for another one is dropped). */
let shownId = null;
let lastFetch = 0;

const jobsPath = (integrationId, suffix) =>
  '/accounts/' + state.accountId + '/integrations/' + integrationId + '/jobs' + (suffix || '');

function section() {
  let panel = $('jobs-panel');
  if (panel) return panel;
  panel = el('section', { id: 'jobs-panel', hidden: '' });
  const retryAll = el(
    'button',
    { type: 'button', id: 'jobs-retry-all', class: 'secondary jobs-write' },
    'Повторить все',
  );
  retryAll.addEventListener('click', () => retry(retryAll, jobsPath(shownId, '/retry-failed')));
  panel.append(
    el('h2', {}, 'Задачи'),
    el('p', { id: 'jobs-summary', class: 'hint' }),
    el('div', { class: 'actions jobs-actions' }),
    el('ul', { id: 'jobs' }),
  );
  panel.querySelector('.jobs-actions').append(retryAll, el('span', { id: 'jobs-result', role: 'status' }));
  $('status-panel').after(panel);
  return panel;
}

function summary(list) {
  const c = list.counts;
  if (!c.waiting && !c.retrying && !c.failed) return 'Очередь пуста: нет ждущих, повторяющихся и упавших задач.';
  const parts = ['ждут: ' + c.waiting, 'повторятся: ' + c.retrying, 'с ошибкой: ' + c.failed];
  const more = list.truncated ? ' · показаны первые ' + list.jobs.length : '';
  return parts.join(' · ') + more;
}

/** Text that must not break inside (dates, ids): one span per value. */
const unbroken = (text) => el('span', { class: 'nowrap' }, text);

function row(job) {
  const item = el('li', { class: 'job ' + job.state, 'data-job-id': job.id, 'data-state': job.state });
  const head = el('div', { class: 'job-head' });
  head.append(el('strong', {}, job.kindLabel), ' · ', el('span', { class: 'job-state' }, STATES[job.state]));
  if (job.conversationId) head.append(' · диалог ', unbroken(job.conversationId));
  const meta = el('div', { class: 'job-meta' });
  meta.append('попыток: ' + job.attempts + ' из ' + job.maxAttempts);
  if (job.nextAttemptAt) meta.append(' · следующая: ', unbroken(dateTime(job.nextAttemptAt)));
  if (job.failedAt) meta.append(' · упала: ', unbroken(dateTime(job.failedAt)));
  item.append(head, meta);
  // The worker's own text stays reachable: the tooltip (and a screen reader's description).
  if (job.reasonText) item.append(el('div', { class: 'job-reason', title: job.reason || '' }, job.reasonText));
  if (job.state === 'failed') {
    const button = el('button', { type: 'button', class: 'secondary jobs-write job-retry' }, 'Повторить');
    button.addEventListener('click', () =>
      retry(button, jobsPath(shownId, '/' + encodeURIComponent(job.id) + '/retry')),
    );
    item.append(button);
  }
  return item;
}

export function renderJobs(list) {
  const panel = section();
  panel.hidden = !list;
  if (!list) return;
  $('jobs-summary').textContent = summary(list);
  $('jobs-retry-all').hidden = !list.counts.failed;
  $('jobs').replaceChildren(...list.jobs.map(row));
}

function showResult(text, isError) {
  const result = $('jobs-result');
  result.textContent = text;
  result.className = isError ? 'error' : 'hint';
}

function retry(button, path) {
  button.disabled = true;
  api('POST', path)
    .then((answer) => {
      const n = answer.count;
      showResult(
        n ? 'Снова в очереди: ' + n + ' ' + plural(n, 'задача', 'задачи', 'задач') : 'Повторять нечего',
        false,
      );
      return refreshJobs(true);
    })
    .catch((error) => showResult('Не удалось повторить: ' + error.message, true))
    .finally(() => {
      button.disabled = false;
    });
}

/** Reads the shown integration's jobs; `force` also when the last read is recent. */
export function refreshJobs(force) {
  const integration = state.integration;
  const id = integration ? integration.id : null;
  if (id !== shownId) {
    shownId = id;
    showResult('', false);
    force = true;
  }
  if (!id || !state.accountId) return Promise.resolve(renderJobs(null));
  if (!force && Date.now() - lastFetch < POLL_MS) return Promise.resolve();
  lastFetch = Date.now();
  return api('GET', jobsPath(id))
    .then((list) => {
      if (shownId === id) renderJobs(list);
    })
    .catch((error) => {
      if (shownId !== id) return;
      section().hidden = false;
      $('jobs-summary').textContent = 'Не удалось прочитать задачи: ' + error.message;
    });
}

/** Builds the section and keeps it current: at once when another integration is shown, else every few seconds. */
export function wireJobs() {
  section();
  setInterval(() => refreshJobs(false), 1000);
}
