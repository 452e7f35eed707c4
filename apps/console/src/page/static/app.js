// The integration page: picks the account and the integration, shows it in the form and the panels, and
// refreshes the live panels every few seconds. Each panel is a module of its own; this one wires them.
// Plain browser modules, no build step.
import { api } from './api.js';
import { loadApiTokens, wireApiTokens } from './api-tokens.js';
import { loadAuditLog, wireAuditLog } from './audit-log.js';
import { fetchBackfill, renderBackfill, wireBackfill } from './backfill.js';
import { loadCabinet, wireCabinet } from './cabinet.js';
import { renderCampaignSiteWarning, wireCampaignSiteWarning } from './campaign-site-warning.js';
import { fetchDeliveries, renderDeliveries } from './delivery-log.js';
import { $, el, fillSelect, showPageError } from './dom.js';
import { wireJobs } from './jobs.js';
import { wireKeyCheck } from './key-check.js';
import { showIntegrationId, wireIntegrationId } from './integration-id.js';
import { integrationOptionLabel, renderIntegrationActivity } from './integration-activity.js';
import { wireMapping } from './mapping.js';
import { loadOperators, wireOperators } from './operators.js';
import { addressIntegration, onAddressChange, readAddress, reportAddress } from './page-address.js';
import { accountPath, state } from './page-state.js';
import { loadPeople, wirePeople } from './people.js';
import { loadPersonalData, wirePersonalData } from './personal-data.js';
import { fetchChats, renderChats, wireChats } from './recent-chats.js';
import { fillCatalog, renderForm, wireSettingsForm } from './settings-form.js';
import { fetchStatus, renderStatus } from './status-panel.js';
import { wireTranscript } from './transcript.js';
import { renderWebhookAndScript, wireWebhookAndScript } from './webhook-and-script.js';
import { setReadOnly, watchReadOnly } from './read-only.js';
import { loadMe, renderSessionBar, roleIn } from './session-bar.js';

const POLL_MS = 5000;
/** Who is signed in and the accounts they may open (GET /api/me). */
let me = null;

/** The integration in the form; for a new one (null) also empty panels, so no figure of the last one stays. */
function showIntegration(integration) {
  state.integration = integration;
  renderForm(integration);
  renderWebhookAndScript(integration);
  showIntegrationId(integration);
  renderIntegrationActivity(integration);
  renderCampaignSiteWarning();
  $('report-link').href = reportAddress(state.accountId, integration && integration.id);
  loadOperators();
  if (integration) return;
  renderStatus(null);
  renderChats([]);
  renderBackfill(null);
  renderDeliveries(null);
}

// All four or none: the panels never show two moments at once.
function refreshLive() {
  if (!state.integration || !state.accountId) return Promise.resolve();
  return Promise.all([fetchStatus(), fetchChats(), fetchBackfill(), fetchDeliveries()])
    .then(([status, chats, backfill, deliveries]) => {
      renderStatus(status);
      renderChats(chats);
      renderBackfill(backfill);
      renderDeliveries(deliveries);
      showPageError('');
    })
    .catch((error) => showPageError('Не удалось обновить состояние: ' + error.message));
}

/** `selectId` 'new' is the form of a new integration; an unknown one is the first. `push`: a history entry. */
function loadIntegrations(selectId, push = false) {
  return api('GET', accountPath('/integrations')).then((data) => {
    const select = $('integration');
    select.replaceChildren();
    data.integrations.forEach((i) => select.appendChild(el('option', { value: i.id }, integrationOptionLabel(i))));
    select.appendChild(el('option', { value: '' }, '+ новая'));
    const found = data.integrations.find((i) => i.id === selectId) || data.integrations[0] || null;
    const chosen = selectId === 'new' ? null : found;
    select.value = chosen ? chosen.id : '';
    showIntegration(chosen);
    addressIntegration(state.accountId, chosen ? chosen.id : 'new', { push });
    return refreshLive();
  });
}

function loadAccount(accountId, integrationId, push = false) {
  state.accountId = accountId;
  setReadOnly(roleIn(me, accountId) === 'viewer');
  loadPeople();
  loadApiTokens();
  loadAuditLog();
  loadPersonalData(roleIn(me, accountId));
  return Promise.all([api('GET', accountPath('/catalog')), loadCabinet()]).then(([catalog]) => {
    fillCatalog(catalog);
    return loadIntegrations(integrationId, push);
  });
}

wireSettingsForm(loadIntegrations);
wireCabinet();
wireMapping();
wireKeyCheck();
wireBackfill();
wireWebhookAndScript(showIntegration);
wireTranscript();
wireChats();
wireJobs();
wireOperators();
wirePeople();
wireApiTokens();
watchReadOnly();
wirePersonalData();
wireAuditLog();
wireIntegrationId();
wireCampaignSiteWarning();
$('integration').addEventListener('change', (event) => {
  loadIntegrations(event.target.value || 'new', true).catch((e) => showPageError(e.message));
});
$('new-integration').addEventListener('click', () => {
  $('integration').value = '';
  showIntegration(null);
  addressIntegration(state.accountId, 'new', { push: true });
});
$('account').addEventListener('change', (event) => {
  loadAccount(event.target.value, null, true).catch((e) => showPageError(e.message));
});
// Back / forward: the screen of the address (the chat list and transcript follow it themselves).
onAddressChange((address) => {
  const account = me && me.accounts.find((a) => a.id === address.account);
  const shown = state.integration ? state.integration.id : 'new';
  if (account && account.id !== state.accountId) {
    $('account').value = account.id;
    loadAccount(account.id, address.integration).catch((e) => showPageError(e.message));
  } else if (address.integration !== shown) {
    loadIntegrations(address.integration).catch((e) => showPageError(e.message));
  }
});

loadMe()
  .then((data) => {
    me = data;
    renderSessionBar(me);
    if (!data.accounts.length) {
      showPageError(
        me.kind === 'person'
          ? 'У вас нет доступа ни к одному аккаунту: попросите владельца аккаунта пригласить вас.'
          : 'Нет ни одного аккаунта. Создайте демо-аккаунт: pnpm db:seed',
      );
      return;
    }
    fillSelect($('account'), data.accounts, (a) => a.name, '— аккаунт —');
    const address = readAddress();
    const first = data.accounts.find((a) => a.id === address.account) || data.accounts[0];
    $('account').value = first.id;
    return loadAccount(first.id, address.integration);
  })
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch((error) => showPageError('Не удалось загрузить данные: ' + error.message));

setInterval(refreshLive, POLL_MS);
