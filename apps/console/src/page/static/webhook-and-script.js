// What the user pastes into CarrotQuest: the webhook URL (step 1, with «Выпустить новую ссылку») and the
// JS script (step 6). Both exist only once the integration is saved. A URL CarrotQuest's servers cannot
// reach (this machine or a private network) gets a warning and the setting that fixes it.
import { api } from './api.js';
import { $, el } from './dom.js';
import { copy } from './clipboard.js';
import { integrationPath, state } from './page-state.js';

/** Hosts only this machine or its private network can reach: loopback, RFC 1918, link-local, *.local. */
export function isPrivateHost(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === '::1') return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host) || host.startsWith('fe80:')) return true;
  const ip = host.split('.').map(Number);
  if (ip.length !== 4 || ip.some((n) => !Number.isInteger(n))) return false;
  return (
    ip[0] === 127 ||
    ip[0] === 10 ||
    ip[0] === 0 ||
    (ip[0] === 169 && ip[1] === 254) ||
    (ip[0] === 172 && ip[1] >= 16 && ip[1] <= 31) ||
    (ip[0] === 192 && ip[1] === 168)
  );
}

function renderWebhookWarning(url) {
  let warning = $('webhook-warning');
  if (!warning) {
    warning = el('p', { id: 'webhook-warning', class: 'warning' });
    $('webhook-url').parentElement.after(warning);
  }
  let host = null;
  try {
    host = new URL(url).hostname;
  } catch {
    host = null;
  }
  const unreachable = host !== null && isPrivateHost(host);
  warning.hidden = !unreachable;
  warning.textContent = unreachable
    ? 'CarrotQuest не сможет отправить webhook на ' +
      host +
      ': этот адрес доступен только с этого компьютера или из вашей сети. Укажите публичный адрес сервиса приёма webhook в настройке PUBLIC_BASE_URL и перезапустите консоль.'
    : '';
}

export function renderWebhookAndScript(integration) {
  $('webhook-filled').hidden = !integration;
  $('webhook-empty').hidden = !!integration;
  $('script-section').hidden = !integration;
  if (!integration) return;
  $('webhook-url').value = integration.webhookUrl;
  renderWebhookWarning(integration.webhookUrl);
  $('script').textContent = integration.script;
}

/** `onRotated(integration)` shows the integration with its new webhook URL. */
export function wireWebhookAndScript(onRotated) {
  $('copy-webhook').addEventListener('click', () => copy($('webhook-url').value, $('copy-webhook')));
  $('copy-script').addEventListener('click', () => copy($('script').textContent, $('copy-script')));
  $('rotate-webhook').addEventListener('click', () => {
    if (!state.integration || !confirm('Старая ссылка перестанет работать. Выпустить новую?')) return;
    api('POST', integrationPath('/rotate-webhook-key')).then(onRotated);
  });
}
