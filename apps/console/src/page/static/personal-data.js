// «Персональные данные» (account level, docs/personal-data.md): «Срок хранения переписки» with the daily
// sweep's last run, the erasure of one person on request, and the acts of past erasures with their CSV.
// Who sees what follows the API: changing the retention and erasing are an owner's, the acts an editor's;
// anyone who opens the account sees the retention. The value typed to erase is sent once and never kept here.
import { api } from './api.js';
import { $, dateTime, el, onSubmit, plural, sidePanel, tableWithHead } from './dom.js';
import { accountPath, state } from './page-state.js';
import { retentionText } from './retention-line.js';

const KINDS = { phone: 'Телефон', email: 'E-mail', carrot_user: 'id пользователя CarrotQuest' };
/** The select's choice → the request's field. */
const FIELDS = { phone: 'phone', email: 'email', carrot_user: 'carrotUserId' };
const EXAMPLES = { phone: '+7 916 123-45-67, 8 916 …', email: 'name@example.com', carrot_user: '123456789' };
const ACTOR_KINDS = { operator: 'оператор', token: 'API-токен', system: 'система' };
const REQUESTERS = { subject: 'Сам человек', operator: 'Решение оператора' };
const RANK = { viewer: 0, editor: 1, owner: 2, operator: 3 };
const PAGE = 20;
const ERASURE_HINT =
  'Стираются контакты, переписка и первое сообщение всех его чатов, его сессии и упоминания в журнале ' +
  'доставок и задачах. Строки чатов остаются: отчёт не меняется. На каждое удаление составляется акт.';
/** Where errors go: `<slot>-error`, beside the field of that id (the last one under the panel). */
const ERROR_SLOTS = ['retention-days', 'erasure-value', 'erasure-requested-by', 'personal-data'];

function options(select, labels) {
  Object.keys(labels).forEach((value) => select.appendChild(el('option', { value }, labels[value])));
  return select;
}

/** The panel's fixed parts, built once in the side column. */
function buildPanel() {
  const retention = el('form', { id: 'retention-form', class: 'copy-row', novalidate: '' });
  const days = el('input', { id: 'retention-days', inputmode: 'numeric', autocomplete: 'off' });
  days.setAttribute('aria-label', 'Срок хранения переписки, дней');
  days.placeholder = 'дней; пусто — хранить всегда';
  retention.append(days, el('button', { type: 'submit', id: 'retention-save' }, 'Сохранить'));
  const erasure = el('form', { id: 'erasure-form', novalidate: '' });
  const kind = options(el('select', { id: 'erasure-kind', 'aria-label': 'Признак' }), KINDS);
  const value = el('input', { id: 'erasure-value', autocomplete: 'off', 'aria-label': 'Значение признака' });
  value.placeholder = EXAMPLES.phone;
  kind.addEventListener('change', () => (value.placeholder = EXAMPLES[kind.value]));
  const row = el('div', { class: 'copy-row' });
  row.append(kind, value);
  const requester = el('label', {}, 'Кто попросил ');
  requester.appendChild(options(el('select', { id: 'erasure-requested-by' }), REQUESTERS));
  erasure.append(
    row,
    el('p', { class: 'error', id: 'erasure-value-error' }),
    requester,
    el('p', { class: 'error', id: 'erasure-requested-by-error' }),
    el('button', { type: 'submit', id: 'erasure-submit' }, 'Удалить данные'),
  );
  const acts = tableWithHead({ id: 'erasure-acts' }, ['Дата', 'Кто', 'Признак', 'Чатов', '']);
  const more = el('button', { type: 'button', class: 'secondary', id: 'erasure-acts-more' }, 'Показать ещё');
  const actsBox = el('div', { id: 'erasure-acts-box', hidden: '' });
  actsBox.append(el('h3', {}, 'Акты об уничтожении'), el('p', { class: 'hint', id: 'erasure-acts-empty' }), acts, more);
  const erasureBox = el('div', { id: 'erasure-box', hidden: '' });
  erasureBox.append(
    el('h3', {}, 'Удалить данные человека'),
    el('p', { class: 'hint' }, ERASURE_HINT),
    erasure,
    el('p', { id: 'erasure-result', role: 'status' }),
  );
  sidePanel('personal-data-panel', [
    el('h2', {}, 'Персональные данные'),
    el('h3', {}, 'Срок хранения переписки'),
    el('p', { class: 'hint' }, 'Старше срока — переписка, контакты и первое сообщение стираются раз в сутки.'),
    retention,
    el('p', { class: 'error', id: 'retention-days-error' }),
    el('p', { class: 'hint', id: 'retention-last', role: 'status' }),
    erasureBox,
    actsBox,
    el('p', { class: 'error', id: 'personal-data-error', role: 'alert' }),
  ]);
  onSubmit(retention, () => saveRetention(days.value.trim()));
  onSubmit(erasure, () => erase(kind.value, value.value.trim(), $('erasure-requested-by').value));
  more.addEventListener('click', () => loadActs(true));
}

/** Each 422 field error beside its field; anything else under the panel. */
function showErrors(error) {
  ERROR_SLOTS.forEach((id) => ($(id + '-error').textContent = ''));
  ['retention-days', 'erasure-value'].forEach((id) => $(id).classList.remove('field-invalid'));
  if (!error) return;
  const fields = (error.data && error.data.errors) || [];
  if (!fields.length) return ($('personal-data-error').textContent = error.message);
  fields.forEach((f) => {
    const target =
      f.field === 'days' ? 'retention-days' : f.field === 'requestedBy' ? 'erasure-requested-by' : 'erasure-value';
    $(target + '-error').textContent = f.message;
    if (target !== 'erasure-requested-by') $(target).classList.add('field-invalid');
  });
}

function renderRetention(retention) {
  $('retention-days').value = retention.days === null ? '' : String(retention.days);
  $('retention-last').textContent = retentionText(retention);
}

function actRow(act) {
  const row = el('tr', { 'data-act': act.id });
  const who = el('td', {}, REQUESTERS[act.requestedBy] || act.requestedBy);
  const by = act.performedBy;
  who.appendChild(
    el('div', { class: 'hint' }, by.label + (ACTOR_KINDS[by.kind] ? ' (' + ACTOR_KINDS[by.kind] + ')' : '')),
  );
  const csv = el('td');
  csv.appendChild(
    el('a', { href: '/api' + accountPath('/personal-data/erasures/' + act.id + '/act.csv') }, 'Акт (CSV)'),
  );
  const kind = KINDS[act.criterion.kind] || act.criterion.kind;
  row.append(el('td', {}, dateTime(act.requestedAt)), who, el('td', {}, kind), el('td', {}, act.chatsCount), csv);
  return row;
}

let next = null;

function loadActs(more) {
  const shown = state.accountId;
  const query = '?limit=' + PAGE + (more && next ? '&before=' + encodeURIComponent(next) : '');
  return api('GET', accountPath('/personal-data/erasures' + query)).then((data) => {
    if (state.accountId !== shown) return;
    const body = $('erasure-acts').tBodies[0];
    if (!more) body.replaceChildren();
    data.acts.forEach((act) => body.appendChild(actRow(act)));
    next = data.next;
    $('erasure-acts-more').hidden = !next;
    $('erasure-acts').hidden = body.rows.length === 0;
    $('erasure-acts-empty').textContent = body.rows.length ? '' : 'Удалений ещё не было.';
  });
}

/** The chosen account's section, as much of it as `role` may use (the API refuses the rest anyway). */
export function loadPersonalData(role) {
  const panel = $('personal-data-panel');
  const shown = state.accountId;
  const rank = RANK[role] === undefined ? -1 : RANK[role];
  panel.hidden = !shown || rank < 0;
  if (panel.hidden) return Promise.resolve();
  showErrors(null);
  $('erasure-result').textContent = '';
  $('retention-days').disabled = rank < RANK.owner;
  $('retention-save').hidden = rank < RANK.owner;
  $('erasure-box').hidden = rank < RANK.owner;
  $('erasure-acts-box').hidden = rank < RANK.editor;
  const acts = rank < RANK.editor ? Promise.resolve() : loadActs(false);
  const retention = api('GET', accountPath('/personal-data/retention')).then((data) => {
    if (state.accountId === shown) renderRetention(data);
  });
  return Promise.all([retention, acts]).catch(showErrors);
}

function saveRetention(text) {
  showErrors(null);
  if (text !== '' && !/^\d+$/.test(text))
    return showErrors({
      data: { errors: [{ field: 'days', message: 'Целое число дней от 1 до 3650 или пусто: хранить всегда' }] },
    });
  $('retention-save').disabled = true;
  api('PUT', accountPath('/personal-data/retention'), { days: text === '' ? null : Number(text) })
    .then(renderRetention)
    .catch(showErrors)
    .finally(() => ($('retention-save').disabled = false));
}

function erase(kind, value, requestedBy) {
  showErrors(null);
  $('erasure-result').textContent = '';
  const question =
    `Удалить персональные данные человека (${KINDS[kind]}: ${value})?\n` +
    'Контакты, переписка и сессии будут стёрты во всех хранилищах. Это нельзя отменить.';
  if (!window.confirm(question)) return;
  $('erasure-submit').disabled = true;
  api('POST', accountPath('/personal-data/erasures'), { [FIELDS[kind]]: value, requestedBy })
    .then((act) => {
      $('erasure-value').value = '';
      const chats = act.chatsCount;
      const remark = act.remoteCopy ? ' ' + act.remoteCopy : '';
      $('erasure-result').textContent =
        `Готово: стёрто ${chats} ${plural(chats, 'чат', 'чата', 'чатов')}. Акт — в списке ниже.${remark}`;
      return loadActs(false);
    })
    .catch(showErrors)
    .finally(() => ($('erasure-submit').disabled = false));
}

export function wirePersonalData() {
  buildPanel();
}
