// A switched-off integration looks off: a banner at the top of its form and «(выключена)» in the
// integration picker. Its webhooks are answered but ignored (apps/ingress/src/enqueue-webhook.ts:
// «integration is switched off»), so no chat of it arrives until it is switched on and saved.
import { $, el } from './dom.js';

/** The integration picker's text for one integration. */
export const integrationOptionLabel = (integration) => integration.name + (integration.active ? '' : ' (выключена)');

/** The banner over the form for the saved state of `integration` (null: a new one, no banner). */
export function renderIntegrationActivity(integration) {
  let banner = $('inactive-banner');
  if (!banner) {
    banner = el('p', { id: 'inactive-banner', class: 'banner warning', role: 'status' });
    $('settings').prepend(banner);
  }
  const off = !!integration && !integration.active;
  banner.hidden = !off;
  banner.textContent = off
    ? 'Интеграция выключена: CarrotQuest присылает webhook, но чаты не загружаются. Отметьте «Активна» и сохраните.'
    : '';
  document.body.classList.toggle('integration-off', off);
}
