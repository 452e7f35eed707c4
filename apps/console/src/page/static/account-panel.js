// The panels only an account's owners (and the operator) may use — its people, its API tokens: loaded
// for the chosen account, and hidden for whoever the API refuses them to.
import { api } from './api.js';
import { $ } from './dom.js';
import { accountPath, state } from './page-state.js';

/**
 * GET `path` below the chosen account into the panel `panelId`: hidden with no account chosen and on a
 * 403 or 404 (not an owner here); `leaveAccount` clears what the last account left in it; an answer
 * that comes after the account changed is dropped.
 */
export function loadOwnersPanel(panelId, path, { leaveAccount, render, showError }) {
  const panel = $(panelId);
  const shown = state.accountId;
  if (!shown) return Promise.resolve((panel.hidden = true));
  if (panel.dataset.account !== shown) {
    panel.dataset.account = shown;
    leaveAccount();
  }
  return api('GET', accountPath(path))
    .then((data) => {
      if (state.accountId !== shown) return;
      render(data);
      panel.hidden = false;
    })
    .catch((error) => {
      if (state.accountId !== shown) return;
      if (error.status === 403 || error.status === 404) panel.hidden = true;
      else showError(error);
    });
}
