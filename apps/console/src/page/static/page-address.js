// The page's address: what the page shows, as `?account=…&integration=…` (+ `chat=…` and the chat list's
// filters, which their own modules write). A reload or a shared link opens the same screen, and
// back / forward go between screens: each choice of the user is a history entry (pushState), each
// correction by the page (an unknown id replaced by the first integration) replaces the current one.
//
// For other modules: readAddress() → { account, integration, chat, … } (strings; absent keys are
// missing), updateAddress({ key: value | null }, { push }) (null or '' removes a key),
// onAddressChange(listener) → called with readAddress() after back / forward.

/** The address's parameters as a plain object of strings. */
export function readAddress() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** Merges `partial` into the address; `push: true` makes a new history entry. Nothing happens when unchanged. */
export function updateAddress(partial, { push = false } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(partial)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, String(value));
  }
  const search = params.toString();
  const url = location.pathname + (search ? '?' + search : '') + location.hash;
  if (url === location.pathname + location.search + location.hash) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** Back / forward: `listener(address)` is called after the address changed. */
export function onAddressChange(listener) {
  window.addEventListener('popstate', () => listener(readAddress()));
}

/** The report of an account, narrowed to an integration when one is given. */
export function reportAddress(accountId, integrationId) {
  const params = new URLSearchParams({ account: accountId });
  if (integrationId) params.set('integration', integrationId);
  return 'report.html?' + params.toString();
}

/** The integration page of an account and integration (the report's way back). */
export function settingsAddress(accountId, integrationId) {
  const params = new URLSearchParams();
  if (accountId) params.set('account', accountId);
  if (integrationId) params.set('integration', integrationId);
  const search = params.toString();
  return './' + (search ? '?' + search : '');
}

/** The account and integration shown ('new' for the form of a new one); another one drops the opened chat. */
export function addressIntegration(accountId, integrationId, { push = false } = {}) {
  const current = readAddress();
  if (current.account === accountId && current.integration === integrationId) return;
  updateAddress({ account: accountId, integration: integrationId, chat: null }, { push });
}
