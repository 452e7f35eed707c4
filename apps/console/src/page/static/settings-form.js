// The settings form: filled from the integration the API returns, read back into the body the API takes,
// saved with POST (new) or PUT. Secrets (API key, webhook token, Data API token) are never shown: their
// fields stay empty, the placeholder says whether one is set, and an empty field keeps the stored one.
import { api } from './api.js';
import { $, fillSelect } from './dom.js';
import { renderExportBlockers } from './export-blockers.js';
import { clearErrors, showErrors, showFormError } from './form-errors.js';
import { renderKeyStatus } from './key-check.js';
import {
  applyMode,
  campaignLabel,
  readMappings,
  rememberChannels,
  showMappings,
  siteLabel,
  sourceLabel,
  trafficType,
} from './mapping.js';
import { accountPath, state } from './page-state.js';

const form = () => $('settings');

/** The account's catalog in the form's pickers (and in the mapping rows added from now on). */
export function fillCatalog(catalog) {
  state.catalog = catalog;
  fillSelect($('defaultEmployeeId'), catalog.employees, (e) => e.name);
  fillSelect($('defaultSourceId'), catalog.sources, sourceLabel);
  fillSelect($('defaultSiteId'), catalog.sites, siteLabel);
  fillSelect($('defaultCampaignId'), catalog.campaigns, campaignLabel);
  fillSelect($('tagId'), catalog.tags, (t) => t.name);
}

/** The form for `integration`, or reset to a new one's defaults for null. */
export function renderForm(integration) {
  clearErrors();
  $('apiKey').value = '';
  $('webhookToken').value = '';
  $('exportToken').value = '';
  if (!integration) {
    form().reset();
    showMappings([]);
    $('apiKey').placeholder = 'Вставьте API-ключ';
    renderKeyStatus(null);
    applyMode();
    return;
  }
  $('active').checked = integration.active;
  $('name').value = integration.name;
  $('apiKey').placeholder = integration.apiKey.masked + ' (оставьте пустым, чтобы не менять)';
  $('webhookToken').placeholder = integration.hasWebhookToken ? 'задан (оставьте пустым, чтобы не менять)' : '';
  renderKeyStatus(integration.apiKey.status, integration.apiKey.error);
  form().querySelector('input[name=trafficType][value=' + integration.trafficType + ']').checked = true;
  $('forcedMode').checked = integration.forcedMode;
  $('defaultCampaignId').value = integration.defaultCampaignId || '';
  $('defaultSourceId').value = integration.defaultSourceId || '';
  $('defaultSiteId').value = integration.defaultSiteId || '';
  $('defaultEmployeeId').value = integration.defaultEmployeeId || '';
  $('taggingEnabled').checked = integration.taggingEnabled;
  $('tagId').value = integration.tagId || '';
  $('phoneRegion').value = integration.phoneRegion;
  $('trackerGlobal').value = integration.trackerGlobal;
  $('exportBrand').value = integration.export.brand || '';
  $('exportToken').placeholder = integration.export.token
    ? integration.export.token + ' (оставьте пустым, чтобы не менять)'
    : '';
  showMappings(integration.mappings);
  applyMode();
}

function readForm() {
  const body = {
    name: $('name').value,
    active: $('active').checked,
    trafficType: trafficType(),
    forcedMode: $('forcedMode').checked,
    defaultCampaignId: $('defaultCampaignId').value || null,
    defaultSourceId: $('defaultSourceId').value || null,
    defaultSiteId: $('defaultSiteId').value || null,
    defaultEmployeeId: $('defaultEmployeeId').value || null,
    taggingEnabled: $('taggingEnabled').checked,
    tagId: $('tagId').value || null,
    phoneRegion: $('phoneRegion').value,
    trackerGlobal: $('trackerGlobal').value,
    mappings: readMappings(),
  };
  // An empty secret field means «keep the stored one»: the key is left out of the body.
  if ($('apiKey').value.trim()) body.apiKey = $('apiKey').value.trim();
  if ($('webhookToken').value.trim()) body.webhookToken = $('webhookToken').value.trim();
  body.exportBrand = $('exportBrand').value || null;
  if ($('exportToken').value.trim()) body.exportToken = $('exportToken').value.trim();
  return body;
}

/** Saves on submit; `onSaved(id)` reloads the page's integrations with the saved one chosen. */
export function wireSettingsForm(onSaved) {
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    const body = readForm();
    const creating = !state.integration;
    const path = accountPath('/integrations' + (creating ? '' : '/' + state.integration.id));
    $('save').disabled = true;
    $('save-result').className = '';
    $('save-result').textContent = 'Сохранение…';
    api(creating ? 'POST' : 'PUT', path, body)
      .then((saved) => {
        $('save-result').textContent = 'Сохранено';
        if (saved.keyCheck && saved.keyCheck.channels.length) rememberChannels(saved.keyCheck.channels);
        // Said on save; the status refresh keeps it current afterwards.
        renderExportBlockers(saved.exportBlockers || null);
        return onSaved(saved.id);
      })
      .catch((error) => {
        $('save-result').textContent = '';
        if (error.status === 422 && error.data.errors) showErrors(error.data.errors);
        else showFormError('Не удалось сохранить: ' + error.message);
      })
      .finally(() => {
        $('save').disabled = false;
      });
  });
}
