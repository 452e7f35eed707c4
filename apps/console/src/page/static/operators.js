// «Сотрудники»: the CarrotQuest operators of the shown integration and the employee of the account each
// one's chats and messages are exported as. A choice is saved at once; «Сотрудник по умолчанию» (no
// employee) leaves the operator to the integration's default. The operators API's requests and answers
// are read here only, so a change to them stays in this file.
import { api, fieldMessages } from './api.js';
import { $, el, tableWithHead } from './dom.js';
import { integrationPath, state } from './page-state.js';

const DEFAULT_CHOICE = 'Сотрудник по умолчанию';
const MATCHED_BY = { name: 'совпадает имя', email: 'совпадает e-mail' };

/** The panel's fixed parts, built once: the section in index.html is only its place on the page. */
function buildPanel() {
  const panel = $('operators-panel');
  const refresh = el(
    'button',
    { type: 'button', id: 'operators-refresh', class: 'secondary' },
    'Обновить из CarrotQuest',
  );
  const table = tableWithHead({ id: 'operators', hidden: '' }, ['Оператор CarrotQuest', 'Сотрудник']);
  panel.append(
    el('h2', {}, 'Сотрудники'),
    el(
      'p',
      { class: 'hint' },
      'Оператор CarrotQuest → сотрудник CoMagic: чат получает сотрудника, который первым ответил в вопросе, ' +
        'каждое сообщение — своего автора. Без сопоставления — сотрудник по умолчанию (раздел 3).',
    ),
    el('p', { class: 'hint', id: 'operators-empty' }, 'Операторов пока нет: обновите список из CarrotQuest.'),
    table,
    el('div', { class: 'actions' }),
    el('p', { class: 'error', id: 'operators-error' }),
  );
  panel.querySelector('.actions').append(refresh, el('span', { id: 'operators-status', role: 'status' }));
  refresh.addEventListener('click', refreshFromCarrotQuest);
}

/** Employees offered for `operator`: the account's, without those removed in the cabinet unless already chosen. */
function employeeOptions(operator) {
  const employees = (state.catalog && state.catalog.employees) || [];
  const chosen = operator.employee ? operator.employee.id : '';
  const offered = employees.filter((e) => !e.removedInCabinet || e.id === chosen);
  if (chosen && !offered.some((e) => e.id === chosen)) offered.push(operator.employee);
  const options = [el('option', { value: '' }, DEFAULT_CHOICE)];
  offered.forEach((e) => {
    const label = e.removedInCabinet ? e.name + ' (удалён в CoMagic)' : e.name;
    options.push(el('option', { value: e.id }, label));
  });
  return options;
}

function operatorLabel(operator) {
  const name = operator.name || 'без имени';
  return operator.type === 'bot' ? name + ' (бот)' : name;
}

function operatorRow(operator) {
  const row = el('tr', { 'data-operator': operator.carrotAdminId });
  const select = el('select', { 'aria-label': 'Сотрудник для оператора ' + operatorLabel(operator) });
  select.append(...employeeOptions(operator));
  select.value = operator.employee ? operator.employee.id : '';
  select.addEventListener('change', () => save(operator, select.value || null));

  const cell = el('td');
  cell.appendChild(select);
  if (operator.suggestion) {
    const s = operator.suggestion;
    const hint = el(
      'p',
      { class: 'hint operator-suggestion' },
      'Похоже: ' + s.employeeName + ' (' + MATCHED_BY[s.matchedBy] + ') ',
    );
    const accept = el('button', { type: 'button', class: 'secondary accept-suggestion' }, 'Выбрать');
    accept.addEventListener('click', () => save(operator, s.employeeId));
    hint.appendChild(accept);
    cell.appendChild(hint);
  }
  const who = el('td', {}, operatorLabel(operator));
  who.appendChild(el('div', { class: 'hint' }, 'id ' + operator.carrotAdminId));
  row.append(who, cell);
  return row;
}

export function renderOperators(operators) {
  const panel = $('operators-panel');
  panel.hidden = !state.integration;
  if (!state.integration) return;
  const table = $('operators');
  const body = table.tBodies[0];
  body.replaceChildren(...operators.map(operatorRow));
  table.hidden = operators.length === 0;
  $('operators-empty').hidden = operators.length > 0;
}

function showError(error) {
  const fields = error ? fieldMessages(error) : [];
  $('operators-error').textContent = error ? (fields.length ? fields.join('; ') : error.message) : '';
}

/** The shown integration's operators; an empty panel for a new integration. */
export function loadOperators() {
  showError(null);
  $('operators-status').textContent = '';
  if (!state.integration) return Promise.resolve(renderOperators([]));
  const shown = state.integration.id;
  return api('GET', integrationPath('/operators'))
    .then((data) => {
      // Another integration chosen meanwhile: its own load draws the panel.
      if (state.integration && state.integration.id === shown) renderOperators(data.operators);
    })
    .catch(showError);
}

function save(operator, employeeId) {
  showError(null);
  $('operators-status').textContent = '';
  return api('PUT', integrationPath('/operators/' + operator.id), { employeeId })
    .then(() => loadOperators())
    .then(() => ($('operators-status').textContent = 'Сохранено'))
    .catch((error) => {
      showError(error);
      // The select goes back to what is saved.
      return loadOperators().then(() => showError(error));
    });
}

function refreshFromCarrotQuest() {
  const button = $('operators-refresh');
  button.disabled = true;
  showError(null);
  $('operators-status').textContent = 'Запрашиваем CarrotQuest…';
  api('POST', integrationPath('/operators/refresh'))
    .then((data) => {
      renderOperators(data.operators);
      $('operators-status').textContent = 'Операторов в каналах CarrotQuest: ' + data.found;
    })
    .catch((error) => {
      $('operators-status').textContent = '';
      showError(error);
    })
    .finally(() => (button.disabled = false));
}

export function wireOperators() {
  buildPanel();
}
