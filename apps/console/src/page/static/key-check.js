// «Проверить ключ»: asks CarrotQuest (through the console) whether the typed key, or the saved one,
// works, and shows the answer beside the button. A valid key also tells which messengers it serves.
import { api } from './api.js';
import { $ } from './dom.js';
import { KEY_STATUS } from './labels.js';
import { rememberChannels } from './mapping.js';
import { accountPath, integrationPath, state } from './page-state.js';

export function renderKeyStatus(status, error) {
  const chip = $('key-status');
  chip.className = 'status-chip ' + (status || '');
  chip.textContent = status ? KEY_STATUS[status] + (error ? ': ' + error : '') : '';
}

function checkKey() {
  const key = $('apiKey').value.trim();
  // A saved integration may check its stored key (empty field); a new one needs a typed key.
  const request = state.integration
    ? api('POST', integrationPath('/check-key'), key ? { apiKey: key } : {})
    : key
      ? api('POST', accountPath('/check-key'), { apiKey: key })
      : Promise.reject(new Error('Вставьте API-ключ'));
  renderKeyStatus(null);
  request
    .then((result) => {
      renderKeyStatus(result.status, result.error);
      if (result.status === 'valid') rememberChannels(result.channels);
    })
    .catch((error) => {
      $('settings').querySelector('[data-error=apiKey]').textContent = error.message;
    });
}

export function wireKeyCheck() {
  $('check-key').addEventListener('click', checkKey);
}
