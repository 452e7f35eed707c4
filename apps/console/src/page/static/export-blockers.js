// «Что мешает выгрузке»: under the export settings, the API's list (in Russian) of what keeps chats from
// the cabinet or degrades them — catalog entries without a CoMagic id, a refused token. Filled from the
// save answer at once and from the status on every refresh; the list lives in one element this module
// adds to the export settings (index.html stays the layout of the fixed parts).
import { $, el, elementOnce } from './dom.js';

const SEVERITY = { blocks: 'мешает', degrades: 'ухудшает' };

const box = () =>
  elementOnce('ul', { id: 'export-blockers', class: 'export-blockers' }, (list) => $('export-settings').append(list));

/** `blockers`: the API's list, or null when the export is off or not known (nothing is shown). */
export function renderExportBlockers(blockers) {
  const list = box();
  list.replaceChildren();
  list.hidden = !blockers || blockers.length === 0;
  if (list.hidden) return;
  list.appendChild(el('li', { class: 'export-blockers-title' }, 'Что мешает выгрузке в CoMagic / UIS:'));
  blockers.forEach((b) =>
    list.appendChild(
      el('li', { class: b.severity === 'blocks' ? 'error' : 'warning' }, SEVERITY[b.severity] + ': ' + b.message),
    ),
  );
}
