// «Журнал действий»: who did what in this account (settings, keys, sign-ins, transcript views), newest
// first, filtered by person and by kind, a page at a time («Показать ещё»). The API names each action in
// Russian (`label`); details hold field names, ids and counts, never a secret or a message text.
import { api } from './api.js';
import { $, dateTime, el, sidePanel, tableWithHead } from './dom.js';
import { accountPath, state } from './page-state.js';

const PAGE = 30;
const ACTOR_KINDS = { operator: 'оператор', person: '', token: 'API-токен', system: 'система' };

/** The panel's fixed parts, built once at the end of the side column. */
function buildPanel() {
  const filters = el('div', { class: 'copy-row' });
  const actor = el('select', { id: 'audit-actor', 'aria-label': 'Кто' });
  const kind = el('select', { id: 'audit-kind', 'aria-label': 'Что' });
  const refresh = el('button', { type: 'button', class: 'secondary', id: 'audit-refresh' }, 'Обновить');
  filters.append(actor, kind, refresh);
  const table = tableWithHead({ id: 'audit-events' }, ['Когда', 'Кто', 'Что', 'Подробности']);
  const more = el('button', { type: 'button', class: 'secondary', id: 'audit-more', hidden: '' }, 'Показать ещё');
  sidePanel('audit-panel', [
    el('h2', {}, 'Журнал действий'),
    el(
      'p',
      { class: 'hint' },
      'Кто и когда менял настройки, входил, проверял ключи и открывал переписку. Хранится год.',
    ),
    filters,
    el('p', { class: 'hint', id: 'audit-empty', hidden: '' }, 'Записей нет.'),
    table,
    more,
    el('p', { class: 'error', id: 'audit-error', role: 'alert' }),
  ]);
  actor.addEventListener('change', () => loadEvents(false));
  kind.addEventListener('change', () => loadEvents(false));
  refresh.addEventListener('click', () => loadAuditLog());
  more.addEventListener('click', () => loadEvents(true));
}

/** A select's options: the empty choice first, then `items` as [value, text]; the chosen value kept if still offered. */
function fillOptions(select, empty, items) {
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, empty));
  items.forEach(([value, text]) => select.appendChild(el('option', { value }, text)));
  select.value = items.some(([value]) => value === current) ? current : '';
}

function actorText(actor) {
  const kind = ACTOR_KINDS[actor.kind];
  return kind ? actor.label + ' (' + kind + ')' : actor.label;
}

/** Details as one line a person reads: the changed fields named, other facts as «name: value». */
function detailsText(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.keys(details)
    .map((name) => {
      const value = details[name];
      if (name === 'changed' && Array.isArray(value)) return 'изменено: ' + value.join(', ');
      if (name === 'new' && value && typeof value === 'object') return 'новое: ' + JSON.stringify(value);
      return name + ': ' + (typeof value === 'string' ? value : JSON.stringify(value));
    })
    .join('; ');
}

function eventRow(event) {
  const row = el('tr', { 'data-action': event.action });
  const what = el('td', {}, event.label || event.action);
  if (event.targetId) what.appendChild(el('div', { class: 'hint' }, event.targetId));
  row.append(el('td', {}, dateTime(event.at)), el('td', {}, actorText(event.actor)), what);
  row.appendChild(el('td', {}, detailsText(event.details)));
  return row;
}

let next = null;
// Each load is numbered: a filter changed twice quickly must show the second answer, not the slower one.
let latest = 0;

function query(more) {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if ($('audit-actor').value) params.set('actor', $('audit-actor').value);
  if ($('audit-kind').value) params.set('action', $('audit-kind').value);
  if (more && next) params.set('before', next);
  return accountPath('/audit?' + params.toString());
}

/** The first page for the chosen filters, or (`more`) the page after the last one shown. */
function loadEvents(more) {
  const load = ++latest;
  $('audit-error').textContent = '';
  return api('GET', query(more))
    .then((page) => {
      if (load !== latest) return;
      const body = $('audit-events').tBodies[0];
      const rows = page.events.map(eventRow);
      if (more) body.append(...rows);
      else body.replaceChildren(...rows);
      next = page.next;
      $('audit-more').hidden = !next;
      $('audit-empty').hidden = body.rows.length > 0;
      $('audit-events').hidden = body.rows.length === 0;
    })
    .catch((error) => {
      if (load === latest) $('audit-error').textContent = error.message;
    });
}

/** The chosen account's log and its filters; the panel stays hidden where the log may not be read. */
export function loadAuditLog() {
  const panel = $('audit-panel');
  const shown = state.accountId;
  if (!shown) return Promise.resolve((panel.hidden = true));
  return api('GET', accountPath('/audit/filters'))
    .then((filters) => {
      if (state.accountId !== shown) return;
      fillOptions(
        $('audit-actor'),
        'Все люди',
        filters.actors.map((a) => [a.label, actorText(a)]),
      );
      fillOptions(
        $('audit-kind'),
        'Все действия',
        filters.kinds.map((k) => [k.kind, k.label]),
      );
      panel.hidden = false;
      return loadEvents(false);
    })
    .catch((error) => {
      if (state.accountId !== shown) return;
      panel.hidden = error.status === 403 || error.status === 404;
      $('audit-error').textContent = panel.hidden ? '' : error.message;
    });
}

export function wireAuditLog() {
  buildPanel();
}
