// The invitation page (/invite.html#<token>): the link an owner or the operator handed out, for a new
// person's first password, an existing person joining another account, or a password reset. The token
// is in the fragment, which browsers never send to a server; it is taken out of the address bar at once
// (history, a shoulder) and posted to the API only.
import { api } from './api.js';
import { $, showPageError } from './dom.js';

const MIN_PASSWORD = 10;
const ROLES = { viewer: 'просмотр', editor: 'редактор', owner: 'владелец' };

const token = location.hash.slice(1);
history.replaceState(null, '', location.pathname);

function about(invitation) {
  if (invitation.purpose === 'reset')
    return 'Новый пароль для ' + invitation.email + '. После сохранения все прежние входы завершатся.';
  const joining =
    'Приглашение для ' +
    invitation.email +
    ' в аккаунт «' +
    invitation.accountName +
    '», роль: ' +
    (ROLES[invitation.role] || invitation.role) +
    '.';
  return invitation.passwordNeeded
    ? joining + ' Придумайте пароль для входа.'
    : joining + ' У вас уже есть вход в консоль: пароль остаётся прежним.';
}

function show(invitation) {
  $('invite-title').textContent = invitation.purpose === 'reset' ? 'Сброс пароля' : 'Приглашение';
  $('invite-about').textContent = about(invitation);
  $('invite-email').value = invitation.email;
  $('invite-passwords').hidden = !invitation.passwordNeeded;
  $('invite-submit').textContent = invitation.passwordNeeded ? 'Сохранить пароль' : 'Принять приглашение';
  $('invite-fields').hidden = false;
  $('invite-form').addEventListener('submit', (event) => {
    event.preventDefault();
    accept(invitation.passwordNeeded);
  });
}

/** What is wrong with the two passwords before asking the server, or ''. */
function passwordProblem(password, again) {
  if ([...password].length < MIN_PASSWORD) return 'Пароль должен быть не короче ' + MIN_PASSWORD + ' символов';
  if (password !== again) return 'Пароли не совпадают';
  return '';
}

function accept(passwordNeeded) {
  const password = $('invite-password').value;
  const problem = passwordNeeded ? passwordProblem(password, $('invite-password-again').value) : '';
  $('invite-error').textContent = problem;
  if (problem) return;
  $('invite-submit').disabled = true;
  api('POST', '/invitations/' + encodeURIComponent(token) + '/accept', passwordNeeded ? { password } : {})
    .then(() => {
      $('invite-fields').hidden = true;
      $('invite-done').hidden = false;
      setTimeout(() => location.assign('/sign-in'), 1500);
    })
    .catch((error) => {
      $('invite-error').textContent = error.message;
      $('invite-submit').disabled = false;
    });
}

if (!token) {
  $('invite-about').textContent = 'В адресе нет ключа приглашения: откройте ссылку из сообщения целиком.';
} else {
  api('GET', '/invitations/' + encodeURIComponent(token))
    .then(show)
    .catch((error) => {
      $('invite-about').textContent = error.message;
      if (!error.status) showPageError(error.message);
    })
    .finally(() => document.body.setAttribute('data-ready', 'true'));
}
