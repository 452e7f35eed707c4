// «Кабинет CoMagic / UIS»: the account's connection to its cabinet (docs/cabinet.md). A Data API token
// connects the account (the catalog is then read from the cabinet), «Проверить токен» says which
// components answer, «Обновить из CoMagic» reads the catalog again; the last sync's time, counts and error.
// Catalog entries the cabinet no longer lists stay chosen where they are, but are not offered anew.
import { api, fieldMessages } from './api.js';
import { $, dateTime, el } from './dom.js';
import { accountPath, state } from './page-state.js';

const ENTITY_NAMES = {
  sites: 'сайты',
  campaigns: 'кампании',
  sources: 'источники',
  employees: 'сотрудники',
  tags: 'теги',
};
const BRAND_NAMES = { comagic: 'CoMagic', uis: 'UIS' };

function say(id, text, kind) {
  const node = $(id);
  node.textContent = text || '';
  node.className = kind || 'hint';
}

/** «сайты: новых 2, изменено 1, удалено в CoMagic 0», one line per entity the sync touched. */
function countsLines(counts) {
  if (!counts) return [];
  return Object.keys(ENTITY_NAMES)
    .filter((key) => counts[key])
    .map((key) => {
      const c = counts[key];
      const parts = ['новых ' + c.created, 'изменено ' + c.updated, 'удалено в CoMagic ' + c.removed];
      if (c.skipped) parts.push('пропущено ' + c.skipped);
      return ENTITY_NAMES[key] + ': ' + parts.join(', ');
    });
}

function renderConnection(connection) {
  $('cabinet-connected').hidden = !connection;
  $('cabinet-sync').disabled = !connection;
  $('cabinet-check').disabled = !connection;
  $('cabinet-disconnect').disabled = !connection;
  $('cabinet-check-result').replaceChildren();
  if (!connection) {
    say(
      'cabinet-summary',
      'Не подключён. Подключите кабинет первым: сайты, кампании, источники, сотрудники и теги загрузятся из него.',
    );
    $('cabinet-token').placeholder = 'Токен Data API';
    return;
  }
  $('cabinet-brand').value = connection.brand;
  $('cabinet-token').placeholder = connection.token + ' (оставьте пустым, чтобы не менять)';
  say(
    'cabinet-summary',
    BRAND_NAMES[connection.brand] +
      ': «' +
      connection.name +
      '» (app_id ' +
      connection.appId +
      '), часовой пояс ' +
      connection.timeZone,
  );
  renderLastSync(connection.lastSync);
}

function renderLastSync(sync) {
  if (!sync.at) say('cabinet-last-sync', 'Справочники ещё не загружались (загрузка в очереди).');
  else if (sync.error)
    say('cabinet-last-sync', 'Последняя загрузка ' + dateTime(sync.at) + ': ошибка — ' + sync.error, 'error');
  else {
    say('cabinet-last-sync', 'Загружено ' + dateTime(sync.at) + '.');
    countsLines(sync.counts).forEach((line) => $('cabinet-last-sync').append(el('br'), line));
  }
}

/** The worker runs the sync: its line is read again every 2 s until the run is recorded (a minute at most). */
function watchSync(before, triesLeft = 30) {
  setTimeout(() => {
    api('GET', accountPath('/cabinet')).then((data) => {
      const sync = data.connection && data.connection.lastSync;
      if (!sync) return;
      if (sync.at === before && triesLeft > 1) return watchSync(before, triesLeft - 1);
      if (sync.at !== before) say('cabinet-error', '');
      renderLastSync(sync);
    });
  }, 2000);
}

/** The connection of the chosen account; called when the account changes and after each action. */
export function loadCabinet() {
  say('cabinet-error', '');
  return api('GET', accountPath('/cabinet'))
    .then((data) => renderConnection(data.connection))
    .catch((error) => say('cabinet-error', 'Не удалось загрузить подключение: ' + error.message, 'error'));
}

function connect() {
  const token = $('cabinet-token').value.trim();
  if (!token) {
    say('cabinet-error', 'Вставьте токен Data API', 'error');
    return;
  }
  say('cabinet-error', 'Проверяем токен…');
  api('PUT', accountPath('/cabinet'), { brand: $('cabinet-brand').value, token })
    .then((data) => {
      $('cabinet-token').value = '';
      renderConnection(data.connection);
      say('cabinet-error', data.syncQueued ? 'Подключено; справочники загружаются.' : 'Подключено.');
      if (data.syncQueued) watchSync(data.connection.lastSync.at);
    })
    .catch((error) => say('cabinet-error', fieldMessages(error).join('; ') || error.message, 'error'));
}

function check() {
  const result = $('cabinet-check-result');
  result.replaceChildren(el('li', { class: 'hint' }, 'Проверяем…'));
  api('POST', accountPath('/cabinet/check'))
    .then((data) => {
      if (!data.ok) {
        result.replaceChildren(el('li', { class: 'error' }, 'Токен не работает: ' + data.error));
        return;
      }
      result.replaceChildren(
        el('li', {}, 'Аккаунт: «' + data.name + '», часовой пояс ' + data.timeZone),
        ...data.components.map((c) =>
          el(
            'li',
            { class: c.ok ? 'component ok' : 'component error' },
            c.label + ': ' + (c.ok ? 'отвечает' : 'нет доступа'),
          ),
        ),
      );
    })
    .catch((error) => result.replaceChildren(el('li', { class: 'error' }, error.message)));
}

function syncNow() {
  api('GET', accountPath('/cabinet'))
    .then((data) => {
      const before = data.connection && data.connection.lastSync.at;
      return api('POST', accountPath('/cabinet/sync')).then(() => watchSync(before));
    })
    .then(() => say('cabinet-error', 'Загрузка из CoMagic поставлена в очередь.'))
    .catch((error) => say('cabinet-error', error.message, 'error'));
}

function disconnect() {
  if (!window.confirm('Отключить кабинет? Загруженные справочники останутся.')) return;
  api('DELETE', accountPath('/cabinet'))
    .then(loadCabinet)
    .catch((error) => say('cabinet-error', error.message, 'error'));
}

/** The ids the cabinet no longer lists, from the catalog the page has. */
function removedIds() {
  const catalog = state.catalog || {};
  const ids = new Set();
  Object.keys(ENTITY_NAMES).forEach((key) =>
    (catalog[key] || []).forEach((entry) => entry.removedInCabinet && ids.add(entry.id)),
  );
  return ids;
}

/**
 * Options of removed entries are disabled (not offered for a new choice) and say so; one already chosen
 * stays chosen, so saving the form keeps what an integration points at.
 */
function markRemovedOptions() {
  const ids = removedIds();
  document.querySelectorAll('#settings select option').forEach((option) => {
    if (!ids.has(option.value) || option.disabled) return;
    option.disabled = true;
    option.textContent += ' (удалено в CoMagic)';
  });
}

export function wireCabinet() {
  $('cabinet-connect').addEventListener('click', connect);
  $('cabinet-check').addEventListener('click', check);
  $('cabinet-sync').addEventListener('click', syncNow);
  $('cabinet-disconnect').addEventListener('click', disconnect);
  // The form's pickers are refilled (account, mapping rows): mark again whenever options appear.
  new MutationObserver(markRemovedOptions).observe($('settings'), { childList: true, subtree: true });
}
