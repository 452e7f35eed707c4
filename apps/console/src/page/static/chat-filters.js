// «Чаты»: the filters above the list — search by contact or the question's text, the period of the chat's
// start, channel, attribution, campaign / source, export state, this integration or all — kept in the
// page's address (chats_* keys), so a reload or a shared link shows the same list. The API's refusal of
// a filter is shown next to that filter.
import { $, el } from './dom.js';
import { CHANNEL_LABELS } from './channel-labels.js';
import { EXPORT_STATUS } from './labels.js';
import { campaignLabel, sourceLabel } from './mapping.js';
import { onAddressChange, readAddress, updateAddress } from './page-address.js';
import { state } from './page-state.js';

export const ATTRIBUTION_KINDS = {
  session: 'по сессии',
  mapping: 'по сопоставлению',
  default: 'по умолчанию',
  forced: 'принудительно',
};
/** The search is sent once it has this many characters: the index finds nothing shorter. */
const SEARCH_MIN = 3;
/** Each filter: its address key, and the API field its refusal names. */
const FIELDS = {
  search: { key: 'chats_q', api: 'search' },
  from: { key: 'chats_from', api: 'from' },
  to: { key: 'chats_to', api: 'to' },
  channel: { key: 'chats_channel', api: 'channel' },
  attributionKind: { key: 'chats_kind', api: 'attributionKind' },
  traffic: { key: 'chats_traffic', api: 'campaignId' },
  exportStatus: { key: 'chats_export', api: 'exportStatus' },
  scope: { key: 'chats_scope', api: 'integrationId' },
};
let catalogShown = null;

const field = (name) => $('chat-filters').querySelector('[name="' + name + '"]');

function labelled(name, label, control) {
  control.setAttribute('name', name);
  control.setAttribute('aria-label', label);
  const box = el('label', { class: 'chat-filter chat-filter-' + name });
  box.appendChild(el('span', {}, label));
  box.appendChild(control);
  box.appendChild(el('span', { class: 'field-error', 'data-chat-error': FIELDS[name].api, role: 'alert' }));
  return box;
}

function select(options, empty) {
  const node = el('select');
  node.appendChild(el('option', { value: '' }, empty));
  Object.keys(options).forEach((value) => node.appendChild(el('option', { value }, options[value])));
  return node;
}

/** Builds the filters above the list; `onChange()` reloads the list from its first page. */
export function wireChatFilters(onChange) {
  const box = el('form', { id: 'chat-filters', class: 'chat-filters', role: 'search' });
  const search = el('input', { type: 'search', placeholder: 'Имя, телефон, e-mail или текст вопроса' });
  box.appendChild(labelled('search', 'Поиск', search));
  box.appendChild(labelled('from', 'Начат с', el('input', { type: 'date' })));
  box.appendChild(labelled('to', 'по', el('input', { type: 'date' })));
  box.appendChild(labelled('channel', 'Канал', select(CHANNEL_LABELS, 'все')));
  box.appendChild(labelled('attributionKind', 'Привязка', select(ATTRIBUTION_KINDS, 'любая')));
  box.appendChild(labelled('traffic', 'Трафик', select({}, 'любой')));
  box.appendChild(labelled('exportStatus', 'Выгрузка', select({ ...EXPORT_STATUS, none: 'не выгружался' }, 'любая')));
  box.appendChild(labelled('scope', 'Интеграция', select({ all: 'все интеграции аккаунта' }, 'эта интеграция')));
  const reset = el('button', { type: 'reset', class: 'secondary' }, 'Сбросить');
  box.appendChild(reset);
  $('chats-empty').before(box);
  fillTraffic();
  showInForm(readAddress());

  let typing = null;
  const changed = () => {
    clearTimeout(typing);
    const text = field('search').value.trim();
    if (text && text.length < SEARCH_MIN) {
      showFilterErrors([{ field: 'search', message: 'Поиск: не короче ' + SEARCH_MIN + ' символов' }]);
      return;
    }
    updateAddress(addressOfForm());
    onChange();
  };
  box.addEventListener('change', changed);
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 350);
  });
  box.addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  box.addEventListener('reset', () => setTimeout(changed));
  // Back / forward: the filters of that address.
  onAddressChange((address) => {
    showInForm(address);
    onChange();
  });
}

/** The account's campaigns and sources in the picker, once the catalog is there (and again when it changes). */
export function fillTraffic() {
  const picker = $('chat-filters') && field('traffic');
  if (!picker || !state.catalog || catalogShown === state.catalog) return;
  catalogShown = state.catalog;
  const wanted = readAddress()[FIELDS.traffic.key] || picker.value;
  picker.replaceChildren(el('option', { value: '' }, 'любой'));
  state.catalog.campaigns.forEach((c) =>
    picker.appendChild(el('option', { value: 'campaign:' + c.id }, 'Кампания: ' + campaignLabel(c))),
  );
  state.catalog.sources.forEach((s) =>
    picker.appendChild(el('option', { value: 'source:' + s.id }, 'Источник: ' + sourceLabel(s))),
  );
  picker.value = wanted;
}

function showInForm(address) {
  Object.keys(FIELDS).forEach((name) => {
    field(name).value = address[FIELDS[name].key] || '';
  });
  showFilterErrors([]);
}

function addressOfForm() {
  const out = {};
  Object.keys(FIELDS).forEach((name) => {
    out[FIELDS[name].key] = name === 'search' ? field(name).value.trim() : field(name).value;
  });
  return out;
}

/** A local calendar day (YYYY-MM-DD) as the instant it starts, `plusDays` later. */
function dayStart(day, plusDays) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The query of GET …/chats for the filters in the address (the period in the reader's days). */
export function chatFilterQuery() {
  const a = readAddress();
  const q = new URLSearchParams();
  const search = (a.chats_q || '').trim();
  if (search.length >= SEARCH_MIN) q.set('search', search);
  if (/^\d{4}-\d{2}-\d{2}$/.test(a.chats_from || '')) q.set('from', dayStart(a.chats_from, 0));
  if (/^\d{4}-\d{2}-\d{2}$/.test(a.chats_to || '')) q.set('to', dayStart(a.chats_to, 1));
  if (a.chats_channel) q.set('channel', a.chats_channel);
  if (a.chats_kind) q.set('attributionKind', a.chats_kind);
  const traffic = /^(campaign|source):(.+)$/.exec(a.chats_traffic || '');
  if (traffic) q.set(traffic[1] + 'Id', traffic[2]);
  if (a.chats_export) q.set('exportStatus', a.chats_export);
  if (a.chats_scope !== 'all' && state.integration) q.set('integrationId', state.integration.id);
  return q;
}

/**
 * The API's field errors next to their filters (a campaign's or source's id both beside the picker);
 * returns those no filter owns (the page cursor's, say) for the list to show.
 */
export function showFilterErrors(errors) {
  const box = $('chat-filters');
  if (!box) return errors;
  box.querySelectorAll('[data-chat-error]').forEach((n) => (n.textContent = ''));
  box.querySelectorAll('.field-invalid').forEach((n) => n.classList.remove('field-invalid'));
  return errors.filter((e) => {
    const api = e.field === 'sourceId' ? 'campaignId' : e.field;
    const target = box.querySelector('[data-chat-error="' + api + '"]');
    if (!target) return true;
    target.textContent = e.message;
    target.parentNode.querySelector('input,select').classList.add('field-invalid');
    return false;
  });
}
