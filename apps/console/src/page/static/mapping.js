// «Тип трафика»: sources or campaigns, and the table that maps a messenger to a source and site (or to a
// campaign). Only the columns of the chosen traffic type are shown; the hidden ones keep their values.
import { $, el, fillSelect } from './dom.js';
import { MESSENGERS } from './labels.js';
import { state } from './page-state.js';

const rows = () => $('mappings').tBodies[0].rows;

// Every site has its own «Посетители без рекламной кампании»: the site tells them apart.
export function campaignLabel(c) {
  const site = state.catalog && state.catalog.sites.find((s) => s.id === c.siteId);
  return c.name + (site ? ' — ' + site.domain : '') + (c.isSystem ? ' (системная)' : '');
}
export const sourceLabel = (s) => s.name + ' — ' + s.group;
export const siteLabel = (s) => s.domain;

export const trafficType = () => $('settings').querySelector('input[name=trafficType]:checked').value;

/** Shows what belongs to the chosen traffic type (and the tag picker if tagging is on). */
export function applyMode() {
  const mode = trafficType();
  document.querySelectorAll('[data-mode]').forEach((node) => {
    node.hidden = node.getAttribute('data-mode') !== mode;
  });
  $('mapping-title').textContent =
    mode === 'campaign' ? 'Сопоставление рекламных кампаний' : 'Сопоставление источников';
  $('tag-row').hidden = !$('taggingEnabled').checked;
  $('mappings-empty').hidden = rows().length > 0;
}

/** The messengers a valid key's channels offer (plus «other»); every known one until a key was checked. */
export function rememberChannels(channels) {
  const offered = channels.map((c) => c.type).filter((t) => MESSENGERS[t] && t !== 'other');
  state.offeredMessengers = offered.concat(['other']);
}

function messengerOptions() {
  const keys =
    state.offeredMessengers && state.offeredMessengers.length ? state.offeredMessengers : Object.keys(MESSENGERS);
  return keys.map((k) => ({ id: k, name: MESSENGERS[k] || k }));
}

function select(field, label, items, itemLabel, value) {
  const node = el('select', { 'data-field': field, 'aria-label': label });
  fillSelect(node, items, itemLabel);
  node.value = value || '';
  return node;
}

export function addMappingRow(mapping) {
  mapping = mapping || {};
  const index = rows().length;
  const row = el('tr');
  const messenger = el('select', { 'data-field': 'messenger', 'aria-label': 'Мессенджер' });
  fillSelect(messenger, messengerOptions(), (m) => m.name);
  // A saved messenger the key no longer offers stays shown and chosen.
  if (mapping.messenger && !messenger.querySelector('option[value="' + mapping.messenger + '"]'))
    messenger.appendChild(
      el('option', { value: mapping.messenger }, MESSENGERS[mapping.messenger] || mapping.messenger),
    );
  messenger.value = mapping.messenger || '';
  const source = select('sourceId', 'Источник', state.catalog.sources, sourceLabel, mapping.sourceId);
  const site = select('siteId', 'Сайт', state.catalog.sites, siteLabel, mapping.siteId);
  const campaign = select(
    'campaignId',
    'Рекламная кампания',
    state.catalog.campaigns,
    campaignLabel,
    mapping.campaignId,
  );
  const remove = el('button', { type: 'button', class: 'link', 'aria-label': 'Удалить сопоставление' }, '✕');
  remove.addEventListener('click', () => {
    row.remove();
    applyMode();
  });
  [[messenger], [source, 'source'], [site, 'source'], [campaign, 'campaign'], [remove]].forEach((cell) => {
    const td = el('td', cell[1] ? { 'data-mode': cell[1] } : {});
    // Each cell names its field: a row wraps onto two lines in the narrow column, where a header would not match.
    const label = cell[0].tagName === 'SELECT' ? cell[0].getAttribute('aria-label') : null;
    if (label) td.appendChild(el('span', { class: 'mapping-label', 'aria-hidden': 'true' }, label));
    td.appendChild(cell[0]);
    td.appendChild(el('p', { class: 'error', 'data-row-error': cell[0].getAttribute('data-field') || '' }));
    row.appendChild(td);
  });
  row.setAttribute('data-index', String(index));
  $('mappings').tBodies[0].appendChild(row);
  applyMode();
}

export function showMappings(mappings) {
  $('mappings').tBodies[0].replaceChildren();
  mappings.forEach((m) => addMappingRow(m));
}

/** The rows as the API takes them: only the targets of the chosen traffic type. */
export function readMappings() {
  const mode = trafficType();
  return Array.prototype.map.call(rows(), (row) => {
    const value = (f) => row.querySelector('[data-field=' + f + ']').value || null;
    return mode === 'campaign'
      ? { messenger: value('messenger') || '', campaignId: value('campaignId') }
      : { messenger: value('messenger') || '', sourceId: value('sourceId'), siteId: value('siteId') };
  });
}

/** The table row of a field error `mappings.<index>.<field>`, or null. */
export const mappingRow = (index) => rows()[index] || null;

export function wireMapping() {
  $('settings')
    .querySelectorAll('input[name=trafficType]')
    .forEach((r) => r.addEventListener('change', applyMode));
  $('taggingEnabled').addEventListener('change', applyMode);
  $('add-mapping').addEventListener('click', () => addMappingRow());
}
