// Who is signed in, for both pages: GET /api/me names the caller and the accounts they may open (with
// their role in each); the header shows the e-mail with «Выйти» and «Выйти на всех устройствах». The
// operator (basic auth: the browser keeps the password, nothing to sign out of) is named, without buttons.
import { api } from './api.js';
import { el, showPageError } from './dom.js';

/** `{ kind, email?, accounts: [{ id, name, role }] }`: the accounts are all the page may list. */
export function loadMe() {
  return api('GET', '/me');
}

function signOutButton(id, label, method, path) {
  const button = el('button', { type: 'button', id, class: 'secondary' }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    api(method, path)
      .then(() => window.location.replace('/sign-in'))
      .catch((error) => {
        button.disabled = false;
        showPageError('Не удалось выйти: ' + error.message);
      });
  });
  return button;
}

/** The header's right end: who is signed in, and the ways out. */
export function renderSessionBar(me) {
  const bar = el('div', { id: 'session-bar', class: 'session-bar' });
  if (me.kind === 'person') {
    bar.append(
      el('span', { id: 'session-email', class: 'session-who' }, me.email),
      signOutButton('sign-out', 'Выйти', 'DELETE', '/session'),
      signOutButton('sign-out-everywhere', 'Выйти на всех устройствах', 'POST', '/session/sign-out-everywhere'),
    );
  } else {
    bar.append(el('span', { id: 'session-email', class: 'session-who' }, 'Оператор'));
  }
  document.querySelector('header').appendChild(bar);
}

/** The caller's role in an account of `me` ('viewer', 'editor', 'owner', 'operator'), or null. */
export function roleIn(me, accountId) {
  const account = me.accounts.find((a) => a.id === accountId);
  return account ? account.role : null;
}
