// The shown integration's id beside its picker, with a copy button: `pnpm cq … --integration <id>` and
// support requests need it. Built here because index.html is at its size limit.
import { copy } from './clipboard.js';
import { $, el } from './dom.js';

/** Adds the (hidden) id line after the integration picker. */
export function wireIntegrationId() {
  const button = el('button', { type: 'button', id: 'copy-integration-id', class: 'secondary' }, 'Копировать id');
  const box = el('span', { id: 'integration-id-box', class: 'integration-id', hidden: '' });
  box.append('id ', el('code', { id: 'integration-id' }), ' ', button);
  button.addEventListener('click', () => copy($('integration-id').textContent, button));
  $('integration').closest('label').after(box);
}

/** Shows the integration's id, or nothing for a new one. */
export function showIntegrationId(integration) {
  $('integration-id').textContent = integration ? integration.id : '';
  $('integration-id-box').hidden = !integration;
}
