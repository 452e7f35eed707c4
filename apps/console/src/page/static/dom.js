// Element helpers and the Russian formats both pages share. Every value that came from the API or from
// a user goes into the page through textContent or .value, never through innerHTML: a stranger writes
// chat texts, contact names and webhook bodies.

export const $ = (id) => document.getElementById(id);

/** A new element with attributes and, if given, its text (as text, never as markup). */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** The element `attrs.id`, made and put in by `place` the first time it is asked for. */
export function elementOnce(tag, attrs, place) {
  let node = $(attrs.id);
  if (!node) {
    node = el(tag, attrs);
    place(node);
  }
  return node;
}

/** A table with its head row of `titles` and an empty body. */
export function tableWithHead(attrs, titles) {
  const table = el('table', attrs);
  const head = el('tr');
  titles.forEach((title) => head.appendChild(el('th', {}, title)));
  table.append(el('thead'), el('tbody'));
  table.tHead.appendChild(head);
  return table;
}

/** A panel of the side column: hidden until its data says it may be shown. */
export function sidePanel(id, children) {
  const panel = el('section', { id, hidden: '' });
  panel.append(...children);
  document.querySelector('aside').appendChild(panel);
  return panel;
}

/** `handler` on the form's submit, in place of the browser's own navigation. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handler();
  });
}

/** Replaces a select's options with `items` (label(item) as the text), keeping the chosen value if it is still offered. */
export function fillSelect(select, items, label, empty) {
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, empty || '— выберите —'));
  items.forEach((item) => select.appendChild(el('option', { value: item.id }, label(item))));
  select.value = current;
}

/** The red banner under the header; an empty message hides it. */
export function showPageError(message) {
  const banner = $('page-error');
  banner.textContent = message || '';
  banner.hidden = !message;
}

/** A moment from the API (ISO string) in the reader's clock, Russian style. */
export const dateTime = (iso) => new Date(iso).toLocaleString('ru-RU');

export const number = (n) => n.toLocaleString('ru-RU');

/** 2025-11-25 → 25.11.2025 (a report day, already a calendar day: no time zone involved). */
export function russianDate(isoDay) {
  const p = isoDay.split('-');
  return p[2] + '.' + p[1] + '.' + p[0];
}

/** 2025-11-25 → 25.11 (axis labels). */
export function shortDate(isoDay) {
  const p = isoDay.split('-');
  return p[2] + '.' + p[1];
}

/** The Russian plural form for n: 1 поле, 2 поля, 5 полей (11–14 take the third form). */
export function plural(n, one, few, many) {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  return units === 1 ? one : units >= 2 && units <= 4 ? few : many;
}
