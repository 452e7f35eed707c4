// «Журнал доставок»: what CarrotQuest sent to this integration's webhook URL and what we answered, and
// the last bodies (token redacted by the ingress before they were kept).
import { api } from './api.js';
import { $, dateTime, el } from './dom.js';
import { state, integrationPath } from './page-state.js';

const DELIVERY_ANSWERS = {
  200: 'принят',
  400: 'отклонён',
  401: 'неверный токен',
  413: 'слишком большой',
  415: 'не тот формат',
  429: 'слишком часто',
  500: 'ошибка',
  503: 'повтор позже',
};

export const fetchDeliveries = () => api('GET', integrationPath('/deliveries'));

export function renderDeliveries(log) {
  $('deliveries-panel').hidden = !state.integration;
  const body = $('deliveries').tBodies[0];
  body.replaceChildren();
  const deliveries = (log && log.deliveries) || [];
  $('deliveries').hidden = deliveries.length === 0;
  $('deliveries-empty').hidden = deliveries.length > 0;
  deliveries.forEach((d) => {
    const row = el('tr', { class: d.httpStatus >= 400 ? 'refused' : '' });
    row.appendChild(el('td', {}, dateTime(d.at)));
    row.appendChild(el('td', {}, d.httpStatus + ' ' + (DELIVERY_ANSWERS[d.httpStatus] || '') + ' (' + d.status + ')'));
    row.appendChild(el('td', {}, d.eventName || d.kind || '—'));
    row.appendChild(el('td', {}, d.conversationId || '—'));
    row.appendChild(el('td', {}, d.problem || ''));
    body.appendChild(row);
  });
  const bodies = $('delivery-bodies');
  bodies.replaceChildren();
  ((log && log.bodies) || []).forEach((b) => {
    const details = el('details', { class: 'delivery-body' });
    details.appendChild(
      el('summary', {}, 'Тело доставки ' + dateTime(b.at) + (b.truncated ? ' (обрезано до 16 КБ)' : '')),
    );
    details.appendChild(el('pre', {}, readableBody(b)));
    bodies.appendChild(details);
  });
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
