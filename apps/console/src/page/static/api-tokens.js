// «Доступ по API»: the account's tokens for machines (the tracker's session upload, scripts, a BI tool),
// for its owners and the operator; hidden for anyone else (the API answers 403 to them). A new token is
// shown once, here, to copy: the server keeps only a keyed hash of it. The token API is read here only.
import { loadOwnersPanel } from './account-panel.js';
import { api, fieldMessages } from './api.js';
import { copyRow } from './clipboard.js';
import { $, dateTime, el, onSubmit, sidePanel, tableWithHead } from './dom.js';
import { accountPath } from './page-state.js';

const SCOPE_LABELS = {
  'sessions:write': 'загружать сессии трекера',
  'chats:read': 'читать чаты и переписку',
  'report:read': 'читать отчёт (и CSV)',
  'settings:write': 'читать и менять настройки интеграций',
};

/** The panel's fixed parts, built once at the end of the side column. */
function buildPanel() {
  const form = el('form', { id: 'api-token-form', novalidate: '' });
  const name = el('input', { id: 'api-token-name', autocomplete: 'off', 'aria-label': 'Название токена' });
  name.placeholder = 'для чего: трекер, BI…';
  const scopes = el('fieldset', { id: 'api-token-scopes' });
  scopes.appendChild(el('legend', {}, 'Что разрешено'));
  Object.keys(SCOPE_LABELS).forEach((scope) => {
    const label = el('label');
    label.append(el('input', { type: 'checkbox', value: scope }), ' ' + SCOPE_LABELS[scope]);
    scopes.appendChild(label);
  });
  form.append(name, scopes, el('button', { type: 'submit', id: 'api-token-submit' }, 'Создать токен'));
  const fresh = el('div', { id: 'api-token-new', hidden: '' });
  fresh.append(
    el('p', { class: 'hint' }, 'Скопируйте токен сейчас: он показывается один раз. Передавайте его в заголовке'),
    el('code', {}, 'Authorization: Bearer <токен>'),
    copyRow('api-token-value', 'Новый токен'),
  );
  const table = tableWithHead({ id: 'api-tokens' }, ['Название', 'Права', 'Токен', 'Создан', 'Использован', '']);
  sidePanel('api-tokens-panel', [
    el('h2', {}, 'Доступ по API'),
    el('p', { class: 'hint' }, 'Токены для программ: каждый может только то, что отмечено при создании.'),
    table,
    el('p', { id: 'api-tokens-empty', class: 'hint', hidden: '' }, 'Токенов ещё нет.'),
    el('h3', {}, 'Новый токен'),
    form,
    fresh,
    el('p', { class: 'error', id: 'api-tokens-error', role: 'alert' }),
  ]);
  onSubmit(form, () => {
    const chosen = [...scopes.querySelectorAll('input:checked')].map((box) => box.value);
    createToken(name.value.trim(), chosen);
  });
}

function showError(error) {
  const fields = error ? fieldMessages(error) : [];
  $('api-tokens-error').textContent = error ? (fields.length ? fields.join('; ') : error.message) : '';
}

/** Forgets the token shown once: another account, or it was copied and the page moved on. */
function hideNewToken() {
  $('api-token-value').value = '';
  $('api-token-new').hidden = true;
}

function tokenRow(token) {
  const row = el('tr', { 'data-token': token.id });
  if (token.revokedAt) row.className = 'revoked';
  const created = el('td', {}, dateTime(token.createdAt));
  created.appendChild(el('div', { class: 'hint' }, token.createdBy));
  const status = el('td');
  if (token.revokedAt) {
    status.textContent = 'отозван ' + dateTime(token.revokedAt);
  } else {
    const revoke = el('button', { type: 'button', class: 'link' }, 'Отозвать');
    revoke.addEventListener('click', () => {
      if (window.confirm('Отозвать токен «' + token.name + '»? Программы с ним сразу перестанут работать.'))
        revokeToken(token);
    });
    status.appendChild(revoke);
  }
  row.append(
    el('td', {}, token.name),
    el('td', {}, token.scopes.map((scope) => SCOPE_LABELS[scope] || scope).join(', ')),
    el('td', {}, '…' + token.last4),
    created,
    el('td', {}, token.lastUsedAt ? dateTime(token.lastUsedAt) : 'не использовался'),
    status,
  );
  return row;
}

/** The chosen account's tokens; the panel stays hidden for whoever may not manage them. */
export function loadApiTokens() {
  return loadOwnersPanel('api-tokens-panel', '/api-tokens', {
    leaveAccount: () => {
      hideNewToken();
      showError(null);
    },
    render: (data) => {
      $('api-tokens').tBodies[0].replaceChildren(...data.tokens.map(tokenRow));
      $('api-tokens-empty').hidden = data.tokens.length > 0;
    },
    showError,
  });
}

function createToken(name, scopes) {
  showError(null);
  hideNewToken();
  $('api-token-submit').disabled = true;
  api('POST', accountPath('/api-tokens'), { name, scopes })
    .then((data) => {
      $('api-token-value').value = data.token;
      $('api-token-new').hidden = false;
      $('api-token-name').value = '';
      $('api-token-scopes')
        .querySelectorAll('input')
        .forEach((box) => (box.checked = false));
      return loadApiTokens();
    })
    .catch(showError)
    .finally(() => ($('api-token-submit').disabled = false));
}

function revokeToken(token) {
  showError(null);
  api('DELETE', accountPath('/api-tokens/' + token.id))
    .then(loadApiTokens)
    .catch((error) => loadApiTokens().then(() => showError(error)));
}

export function wireApiTokens() {
  buildPanel();
}
