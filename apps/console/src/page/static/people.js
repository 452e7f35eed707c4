// «Люди»: who may open this account's page and with which role, for its owners and the operator. The
// panel is hidden for anyone else (the API answers 403 to them). Invitation and reset links are shown
// to copy and hand over: the console sends no e-mail. The people API is read here only.
import { loadOwnersPanel } from './account-panel.js';
import { api, fieldMessages } from './api.js';
import { copyRow } from './clipboard.js';
import { $, dateTime, el, onSubmit, sidePanel } from './dom.js';
import { accountPath } from './page-state.js';

const ROLE_LABELS = { viewer: 'Просмотр', editor: 'Редактор', owner: 'Владелец' };

function roleSelect(value, label) {
  const select = el('select', { 'aria-label': label });
  Object.keys(ROLE_LABELS).forEach((role) => select.appendChild(el('option', { value: role }, ROLE_LABELS[role])));
  select.value = value;
  return select;
}

/** The panel's fixed parts, built once at the end of the side column. */
function buildPanel() {
  const invite = el('form', { id: 'people-invite', novalidate: '' });
  const email = el('input', { id: 'people-email', type: 'email', autocomplete: 'off', 'aria-label': 'E-mail' });
  email.placeholder = 'e-mail';
  invite.append(
    email,
    roleSelect('viewer', 'Роль приглашённого'),
    el('button', { type: 'submit', id: 'people-invite-submit' }, 'Пригласить'),
  );
  invite.className = 'copy-row';
  const link = el('div', { id: 'people-link', hidden: '' });
  link.append(el('p', { id: 'people-link-about', class: 'hint' }), copyRow('people-link-url', 'Ссылка'));
  sidePanel('people-panel', [
    el('h2', {}, 'Люди'),
    el(
      'p',
      { class: 'hint' },
      'Просмотр — читать состояние, чаты и отчёт; редактор — ещё менять настройки, загружать историю, ' +
        'повторять задачи; владелец — всё, включая людей и API-токены.',
    ),
    el('ul', { id: 'people' }),
    el('ul', { id: 'people-invitations', class: 'hint' }),
    el('h3', {}, 'Пригласить'),
    invite,
    link,
    el('p', { class: 'error', id: 'people-error', role: 'alert' }),
  ]);
  onSubmit(invite, () => sendInvitation(email.value.trim(), invite.querySelector('select').value));
}

function showError(error) {
  const fields = error ? fieldMessages(error) : [];
  $('people-error').textContent = error ? (fields.length ? fields.join('; ') : error.message) : '';
}

function showLink(about, url) {
  $('people-link-about').textContent = about;
  $('people-link-url').value = url;
  $('people-link').hidden = false;
}

/** One member: the e-mail, then the role, «Сбросить пароль» and «Удалить» in a row that wraps on a phone. */
function personItem(person) {
  const item = el('li', { 'data-person': person.personId });
  item.appendChild(el('div', {}, person.email));
  if (!person.hasPassword) item.appendChild(el('div', { class: 'hint' }, 'входит из кабинета'));
  const select = roleSelect(person.role, 'Роль ' + person.email);
  select.addEventListener('change', () => change('PATCH', person, { role: select.value }));
  const reset = el('button', { type: 'button', class: 'secondary' }, 'Сбросить пароль');
  reset.addEventListener('click', () => requestReset(person));
  const remove = el('button', { type: 'button', class: 'link' }, 'Удалить');
  remove.addEventListener('click', () => {
    if (window.confirm('Удалить ' + person.email + ' из аккаунта?')) change('DELETE', person);
  });
  const actions = el('div', { class: 'copy-row' });
  actions.append(select, reset, remove);
  item.appendChild(actions);
  return item;
}

function invitationItem(invitation) {
  const item = el(
    'li',
    {},
    'Приглашён ' +
      invitation.email +
      ' (' +
      ROLE_LABELS[invitation.role] +
      '), ссылка до ' +
      dateTime(invitation.expiresAt) +
      ' ',
  );
  const cancel = el('button', { type: 'button', class: 'link' }, 'Отозвать');
  cancel.addEventListener('click', () =>
    api('DELETE', accountPath('/invitations/' + invitation.id))
      .then(loadPeople)
      .catch(showError),
  );
  item.appendChild(cancel);
  return item;
}

function render(data) {
  $('people').replaceChildren(...data.people.map(personItem));
  $('people-invitations').replaceChildren(...data.invitations.map(invitationItem));
}

/** The chosen account's people; the panel stays hidden for whoever may not manage them. */
export function loadPeople() {
  return loadOwnersPanel('people-panel', '/people', {
    leaveAccount: () => {
      $('people-link').hidden = true;
      showError(null);
    },
    render,
    showError,
  });
}

function change(method, person, body) {
  showError(null);
  return api(method, accountPath('/people/' + person.personId), body)
    .then(loadPeople)
    .catch((error) => loadPeople().then(() => showError(error)));
}

function requestReset(person) {
  showError(null);
  api('POST', accountPath('/people/' + person.personId + '/password-reset'))
    .then((data) => showLink('Ссылка для нового пароля ' + person.email + ' (72 часа, один раз):', data.url))
    .catch(showError);
}

function sendInvitation(email, role) {
  showError(null);
  $('people-invite-submit').disabled = true;
  api('POST', accountPath('/invitations'), { email, role })
    .then((data) => {
      showLink('Отправьте эту ссылку ' + data.email + ': она действует 72 часа и открывается один раз.', data.url);
      $('people-email').value = '';
      return loadPeople();
    })
    .catch(showError)
    .finally(() => ($('people-invite-submit').disabled = false));
}

export function wirePeople() {
  buildPanel();
}
