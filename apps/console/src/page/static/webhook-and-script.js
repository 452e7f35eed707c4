// What the user pastes into CarrotQuest: the webhook URL (step 1, with «Выпустить новую ссылку») and the
// JS script (step 6). Both exist only once the integration is saved.
import { api } from './api.js';
import { $ } from './dom.js';
import { copy } from './clipboard.js';
import { integrationPath, state } from './page-state.js';

export function renderWebhookAndScript(integration) {
  $('webhook-filled').hidden = !integration;
  $('webhook-empty').hidden = !!integration;
  $('script-section').hidden = !integration;
  if (!integration) return;
  $('webhook-url').value = integration.webhookUrl;
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
