// The report's stacked bar chart: plain SVG built with DOM calls (nothing to download, nothing the CSP
// would refuse), one bar per day, a <title> on each segment as its tooltip (day, bucket, count).
import { $, el, number, russianDate, shortDate } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
// The same colours as report.css's .c0–.c9 (the legend's swatches: classes, since the CSP forbids inline styles).
const PALETTE = [
  '#ff7a00',
  '#1a56c4',
  '#2e9d5b',
  '#b3261e',
  '#7b4fc9',
  '#c49a00',
  '#0f8a9d',
  '#d14f9a',
  '#5c6b7a',
  '#8f5a2c',
];

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, String(attrs[k])));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Four whole-number steps (chats are counted, never fractional): 1, 2, 5, 10, 20, 50... per step.
function tickStep(max) {
  const raw = Math.max(1, max / 4);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  for (const step of steps) if (raw <= step) return Math.max(1, step);
  return steps[steps.length - 1];
}

export function renderChart(report) {
  const box = $('chart');
  box.replaceChildren();
  $('legend').replaceChildren();
  $('chart-empty').hidden = report.totals.total > 0;
  if (report.totals.total === 0) return;
  const days = report.days;
  // Drawn at the box's own pixel width, so text keeps its size whatever the screen.
  const width = Math.max(280, box.clientWidth || 600);
  const [height, left, right, top, bottom] = [260, 40, 8, 10, 28];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = tickStep(Math.max(...report.totals.perDay));
  const max = step * 4;
  const slot = plotW / days.length;
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const chart = svg('svg', {
    viewBox: '0 0 ' + width + ' ' + height,
    width,
    height,
    role: 'img',
    'aria-label': 'Чаты по дням',
  });
  for (let t = 0; t <= 4; t++) {
    const value = step * t;
    const y = top + plotH - (value / max) * plotH;
    chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'grid' }));
    chart.appendChild(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, value));
  }
  const labelEvery = Math.ceil(days.length / Math.max(1, Math.floor(plotW / 44)));
  days.forEach((day, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    let base = top + plotH;
    const group = svg('g', { 'data-day': day });
    report.series.forEach((series, s) => {
      const count = series.perDay[i];
      if (!count) return;
      const h = (count / max) * plotH;
      base -= h;
      const rect = svg('rect', {
        x,
        y: base,
        width: barW,
        height: h,
        fill: PALETTE[s % PALETTE.length],
        'data-series': series.key,
        'data-count': count,
      });
      rect.appendChild(svg('title', {}, russianDate(day) + ' · ' + series.label + ': ' + count));
      group.appendChild(rect);
    });
    chart.appendChild(group);
    if (i % labelEvery === 0)
      chart.appendChild(
        svg(
          'text',
          { x: left + slot * i + slot / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis' },
          shortDate(day),
        ),
      );
  });
  box.appendChild(chart);
  report.series.forEach((series, s) => {
    const item = el('li');
    item.appendChild(el('span', { class: 'swatch c' + (s % PALETTE.length) }));
    item.appendChild(document.createTextNode(series.label + ' — ' + number(series.total)));
    $('legend').appendChild(item);
  });
}
