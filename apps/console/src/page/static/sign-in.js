// The sign-in page: e-mail and password to POST /api/session, which sets the session cookie (HttpOnly:
// this script never sees it). Every refusal reads the same («Неверный e-mail или пароль»), as the server
// answers; a held-off address or e-mail is told to wait.
import { api } from './api.js';
import { $ } from './dom.js';

function showError(message) {
  $('sign-in-error').textContent = message || '';
}

function signIn(event) {
  event.preventDefault();
  const email = $('email').value.trim();
  const password = $('password').value;
  if (!email || !password) {
    showError('Введите e-mail и пароль');
    return;
  }
  const button = $('sign-in-submit');
  button.disabled = true;
  showError('');
  api('POST', '/session', { email, password })
    .then(() => window.location.replace('/'))
    .catch((error) => {
      $('password').value = '';
      $('password').focus();
      showError(error.status === 401 ? 'Неверный e-mail или пароль' : error.message);
    })
    .finally(() => {
      button.disabled = false;
    });
}

$('sign-in').addEventListener('submit', signIn);
