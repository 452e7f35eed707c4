// «Кампания по умолчанию с сайта X, а сопоставления — с сайта Y»: allowed (a chat without a session may
// well belong to another site), but rarely meant, so it is said next to the default campaign's field.
// Checked as the form changes and when an integration is shown.
import { $, el } from './dom.js';
import { state } from './page-state.js';
import { trafficType } from './mapping.js';

const siteOf = (campaignId) => {
  const catalog = state.catalog;
  const campaign = catalog && catalog.campaigns.find((c) => c.id === campaignId);
  return campaign ? catalog.sites.find((s) => s.id === campaign.siteId) || null : null;
};

/** The warning for the form as it stands, or '' when the sites agree (or nothing to compare). */
export function campaignSiteWarning() {
  if (trafficType() !== 'campaign') return '';
  const defaultSite = siteOf($('defaultCampaignId').value);
  if (!defaultSite) return '';
  const mappingSites = new Map();
  $('mappings')
    .querySelectorAll('select[data-field=campaignId]')
    .forEach((select) => {
      const site = siteOf(select.value);
      if (site) mappingSites.set(site.id, site);
    });
  if (!mappingSites.size || mappingSites.has(defaultSite.id)) return '';
  const others = [...mappingSites.values()].map((s) => s.domain);
  return (
    'Кампания по умолчанию с сайта ' +
    defaultSite.domain +
    ', а сопоставления — с ' +
    (others.length === 1 ? 'сайта ' : 'сайтов ') +
    others.join(', ') +
    '. Так можно, но проверьте, что это задумано.'
  );
}

export function renderCampaignSiteWarning() {
  let warning = $('default-campaign-warning');
  if (!warning) {
    warning = el('p', { id: 'default-campaign-warning', class: 'warning' });
    $('defaultCampaignId').closest('label').after(warning);
  }
  warning.textContent = campaignSiteWarning();
  warning.hidden = !warning.textContent;
}

export function wireCampaignSiteWarning() {
  // `click`: a mapping row removed with ✕ (its handler runs first, the row is gone when this one runs).
  ['change', 'click'].forEach((type) => $('settings').addEventListener(type, renderCampaignSiteWarning));
}
