// «Проверить ключ»: asks CarrotQuest (through the console) whether the typed key, or the saved one,
// works, and shows the answer beside the button, the channels the key reaches under it, and the same
// verdict on the status panel at once (not only after a save): the page never says two things of one key.
import { api } from './api.js';
import { $, el } from './dom.js';
import { channelLabel, KEY_STATUS } from './labels.js';
import { rememberChannels } from './mapping.js';
import { accountPath, integrationPath, state } from './page-state.js';

/** The saved key's state as the last status answer gave it. */
let storedKey = null;
/** The last check of a typed key: it speaks for the field while the field holds that key. */
let enteredCheck = null;

/** The chip beside the button, and under it the channels a valid key reaches (none passed: cleared). */
export function renderKeyStatus(status, error, channels) {
  const chip = $('key-status');
  chip.className = 'status-chip ' + (status || '');
  chip.textContent = status ? KEY_STATUS[status] + (error ? ': ' + error : '') : '';
  renderChannels(channels);
}

function renderChannels(channels) {
  let list = $('key-channels');
  if (!list) {
    list = el('p', { id: 'key-channels', class: 'hint' });
    $('key-status').after(list);
  }
  list.hidden = !channels;
  if (!channels) return list.replaceChildren();
  list.textContent = channels.length
    ? 'Каналы в CarrotQuest: ' + channels.map(channelText).join(', ')
    : 'В CarrotQuest нет каналов: подключите виджет или мессенджер.';
}

// A messenger by our name for it and its own name; another kind (the site's chat is `manual`) by its name.
function channelText(channel) {
  const kind = channelLabel(channel.type);
  if (kind === channel.type) return channel.name || channel.type;
  return kind + (channel.name && channel.name !== kind ? ' «' + channel.name + '»' : '');
}

const typedKey = () => $('apiKey').value.trim();

/** «API-ключ» on the status panel: the saved key's state, or a typed key's check while the field holds it. */
export function renderPanelKey(stored) {
  if (stored !== undefined) storedKey = stored;
  const shownId = state.integration && state.integration.id;
  const entered =
    enteredCheck && enteredCheck.integrationId === shownId && enteredCheck.key === typedKey() ? enteredCheck : null;
  const key = entered || storedKey;
  if (!key) return;
  $('st-key').textContent =
    KEY_STATUS[key.status] +
    (key.error ? ' — ' + key.error : '') +
    (entered ? ' (введённый ключ; сохраните, чтобы он заработал)' : '');
  $('st-key').className = 'key-state ' + key.status;
}

function checkKey() {
  const key = typedKey();
  // A saved integration may check its stored key (empty field); a new one needs a typed key.
  const request = state.integration
    ? api('POST', integrationPath('/check-key'), key ? { apiKey: key } : {})
    : key
      ? api('POST', accountPath('/check-key'), { apiKey: key })
      : Promise.reject(new Error('Вставьте API-ключ'));
  const integrationId = state.integration && state.integration.id;
  renderKeyStatus(null);
  request
    .then((result) => {
      renderKeyStatus(result.status, result.error, result.status === 'valid' ? result.channels : undefined);
      if (result.status === 'valid') rememberChannels(result.channels);
      if (!integrationId || (state.integration && state.integration.id) !== integrationId) return;
      const verdict = { status: result.status, error: result.error };
      // The stored key's verdict is recorded by the API (an unanswered check leaves the last one standing).
      if (key) enteredCheck = { key, integrationId, ...verdict };
      else if (result.status !== 'unchecked') storedKey = verdict;
      renderPanelKey();
    })
    .catch((error) => {
      $('settings').querySelector('[data-error=apiKey]').textContent = error.message;
    });
}

/** A secret field shown as dots, with «показать» / «скрыть» beside it. */
function addRevealToggle(input) {
  const toggle = el('button', { type: 'button', class: 'secondary reveal', 'aria-pressed': 'false' }, 'показать');
  toggle.setAttribute('aria-label', 'Показать ' + input.closest('label').firstChild.textContent.trim());
  toggle.addEventListener('click', () => {
    const shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    toggle.textContent = shown ? 'скрыть' : 'показать';
    toggle.setAttribute('aria-pressed', String(shown));
  });
  const row = el('span', { class: 'secret-row' });
  input.replaceWith(row);
  row.append(input, toggle);
}

export function wireKeyCheck() {
  $('check-key').addEventListener('click', checkKey);
  // Typing another key takes the panel back to the saved key's state.
  $('apiKey').addEventListener('input', () => renderPanelKey());
  addRevealToggle($('apiKey'));
  addRevealToggle($('webhookToken'));
}
