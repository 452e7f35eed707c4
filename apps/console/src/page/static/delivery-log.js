// «Журнал доставок»: what CarrotQuest sent to this integration's webhook URL and what we answered, and
// the last bodies (token redacted by the ingress before they were kept). One delivery is one row of two
// lines (time, answer, conversation; kind, reason), so it reads in the 420 px column and on a phone
// alike; dates and ids never break (style.css, «Slice C»). The reasons come in Russian from the API
// (delivery-reasons.ts); the ingress's English text is the row's tooltip.
import { api } from './api.js';
import { $, el, plural } from './dom.js';
import { state, integrationPath } from './page-state.js';

/** Rows shown at first and added by each «Показать ещё». */
const PAGE = 20;

let shown = PAGE;
let shownFor = null;
let lastLog = null;

export const fetchDeliveries = () => api('GET', integrationPath('/deliveries'));

const two = (n) => String(n).padStart(2, '0');

/** «03.12, 08:07:53» in the reader's clock: short, and one line (the full date is the cell's tooltip). */
export function deliveryMoment(iso) {
  const d = new Date(iso);
  return (
    two(d.getDate()) +
    '.' +
    two(d.getMonth() + 1) +
    ', ' +
    two(d.getHours()) +
    ':' +
    two(d.getMinutes()) +
    ':' +
    two(d.getSeconds())
  );
}

const fullMoment = (iso) => new Date(iso).toLocaleString('ru-RU');

/** The kinds CarrotQuest sends most, in a word (the raw name is the tooltip). */
const KIND_WORDS = {
  $conversation_part_group_closed: 'вопрос закрыт',
  conversation: 'реплика чата',
  event: 'событие',
};
const kindOf = (d) => d.eventName || d.kind || '';
const kindWord = (d) => KIND_WORDS[kindOf(d)] || kindOf(d) || 'тип не указан';

function cell(className, text, title) {
  const td = el('td', { class: className }, text);
  if (title) td.title = title;
  return td;
}

function deliveryRow(d) {
  const row = el('tr', { class: 'delivery' + (d.httpStatus >= 400 ? ' refused' : '') });
  row.appendChild(cell('delivery-at', deliveryMoment(d.at), fullMoment(d.at)));
  row.appendChild(cell('delivery-answer', d.httpStatus + ' ' + (d.answer || d.status), d.status));
  row.appendChild(cell('delivery-conversation', d.conversationId ? 'диалог ' + d.conversationId : 'без диалога'));
  row.appendChild(cell('delivery-kind', kindWord(d), kindOf(d)));
  // The English detail as the ingress wrote it: what an operator compares with CarrotQuest's docs.
  row.appendChild(cell('delivery-reason', d.reason || '', d.problem || ''));
  return row;
}

function unauthenticatedLine(counts) {
  if (!counts || !counts.count) return '';
  const n = counts.count;
  return (
    'Ещё ' +
    n +
    ' ' +
    plural(n, 'доставка', 'доставки', 'доставок') +
    ' без верного токена: не показаны, только сосчитаны (последняя ' +
    deliveryMoment(counts.lastAt) +
    ').'
  );
}

/** The «Показать ещё» button and the note above the table, made once beside the table. */
function extras() {
  let more = $('deliveries-more');
  if (!more) {
    more = el('button', { type: 'button', id: 'deliveries-more', class: 'secondary' });
    more.addEventListener('click', () => {
      shown += PAGE;
      renderDeliveries(lastLog);
    });
    $('deliveries').after(more);
    $('deliveries').before(el('p', { class: 'hint', id: 'deliveries-unauthenticated' }));
  }
  return { more, note: $('deliveries-unauthenticated') };
}

export function renderDeliveries(log) {
  const forId = state.integration ? state.integration.id : null;
  if (forId !== shownFor) {
    shown = PAGE;
    shownFor = forId;
  }
  lastLog = log;
  $('deliveries-panel').hidden = !state.integration;
  const deliveries = (log && log.deliveries) || [];
  const { more, note } = extras();
  $('deliveries').hidden = deliveries.length === 0;
  $('deliveries-empty').hidden = deliveries.length > 0;
  $('deliveries').tBodies[0].replaceChildren(...deliveries.slice(0, shown).map(deliveryRow));
  const left = deliveries.length - shown;
  more.hidden = left <= 0;
  more.textContent = 'Показать ещё ' + (left > PAGE ? PAGE + ' из ' + left : left);
  note.textContent = unauthenticatedLine(log && log.unauthenticated);
  note.hidden = !note.textContent;
  renderBodies((log && log.bodies) || []);
}

/** The kept bodies, folded in one «Тела доставок» so they do not push the chats down the page. */
function renderBodies(list) {
  const bodies = $('delivery-bodies');
  const wasOpen = !!bodies.querySelector('details.delivery-bodies[open]');
  const openAt = new Set([...bodies.querySelectorAll('details.delivery-body[open]')].map((d) => d.dataset.at));
  bodies.replaceChildren();
  if (list.length === 0) return;
  const all = el('details', { class: 'delivery-bodies' });
  all.open = wasOpen;
  all.appendChild(el('summary', {}, 'Тела последних доставок (' + list.length + ')'));
  list.forEach((b) => {
    const details = el('details', { class: 'delivery-body', 'data-at': b.at });
    details.open = openAt.has(b.at);
    const summary = el('summary', {});
    summary.appendChild(el('span', { class: 'delivery-at' }, deliveryMoment(b.at)));
    summary.appendChild(el('span', { class: 'delivery-kind', title: kindOf(b) }, kindWord(b)));
    summary.appendChild(
      el('span', { class: 'delivery-conversation' }, b.conversationId ? 'диалог ' + b.conversationId : 'без диалога'),
    );
    if (b.truncated) summary.appendChild(el('span', {}, 'обрезано до 16 КБ'));
    // Spaces between the parts: a narrow column wraps between them, never inside one.
    summary.replaceChildren(...[...summary.children].flatMap((part) => [part, ' ']));
    details.appendChild(summary);
    details.appendChild(el('pre', {}, readableBody(b)));
    all.appendChild(details);
  });
  bodies.appendChild(all);
}

// A body is shown field by field as the ingress understood it (after base64, if any): that is what an
// operator compares with CarrotQuest's docs. One it did not understand was not kept, only its digest.
function readableBody(b) {
  if (b.encoding === 'unparsed') return 'Тело не разобрано и не сохранено: ' + b.bytes + ' байт, SHA-256 ' + b.sha256;
  if (b.encoding) {
    try {
      const fields = JSON.parse(b.body);
      const lines = Object.keys(fields).map((name) => {
        const value = fields[name];
        return name + ' = ' + (typeof value === 'string' ? value : JSON.stringify(value));
      });
      return [b.encoding + ', ' + b.bytes + ' байт'].concat(lines).join('\n');
    } catch {
      return b.body;
    }
  }
  if ((b.contentType || '').indexOf('x-www-form-urlencoded') < 0) return b.body;
  try {
    const lines = [];
    new URLSearchParams(b.body).forEach((value, name) => lines.push(name + ' = ' + value));
    return lines.join('\n');
  } catch {
    return b.body;
  }
}
