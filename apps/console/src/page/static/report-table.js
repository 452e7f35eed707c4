// The report's table: rows are days, columns the buckets, totals last; the same layout as the CSV.
import { $, el, russianDate } from './dom.js';

export function renderTable(report) {
  const table = $('report-table');
  const head = el('tr');
  head.appendChild(el('th', {}, 'День'));
  report.series.forEach((s) => head.appendChild(el('th', { class: 'number' }, s.label)));
  head.appendChild(el('th', { class: 'number' }, 'Итого'));
  table.tHead.replaceChildren(head);
  const body = table.tBodies[0];
  body.replaceChildren();
  report.days.forEach((day, i) => {
    const row = el('tr');
    row.appendChild(el('td', {}, russianDate(day)));
    report.series.forEach((s) => row.appendChild(el('td', { class: 'number' }, s.perDay[i])));
    row.appendChild(el('td', { class: 'number total' }, report.totals.perDay[i]));
    body.appendChild(row);
  });
  const foot = el('tr');
  foot.appendChild(el('th', {}, 'Итого'));
  report.series.forEach((s) => foot.appendChild(el('td', { class: 'number' }, s.total)));
  foot.appendChild(el('td', { class: 'number' }, report.totals.total));
  table.tFoot.replaceChildren(foot);
}
