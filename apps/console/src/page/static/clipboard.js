// Copy buttons: the text goes to the clipboard and the button says «Скопировано» for a moment.
import { el } from './dom.js';

/** A read-only field (`id`, `label` for screen readers) and its «Копировать» button. */
export function copyRow(id, label) {
  const field = el('input', { id, readonly: '', 'aria-label': label });
  const button = el('button', { type: 'button', id: id + '-copy' }, 'Копировать');
  button.addEventListener('click', () => copy(field.value, button));
  const row = el('div', { class: 'copy-row' });
  row.append(field, button);
  return row;
}

export function copy(text, button) {
  const done = () => {
    const label = button.textContent;
    button.textContent = 'Скопировано';
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, () => {
      fallbackCopy(text);
      done();
    });
  } else {
    fallbackCopy(text);
    done();
  }
}

// The Clipboard API needs a secure context: a console reached over plain http on a LAN has none.
function fallbackCopy(text) {
  const area = el('textarea');
  area.value = text;
  document.body.appendChild(area);
  area.select();
  try {
    document.execCommand('copy');
  } catch {
    /* the text stays selectable */
  }
  area.remove();
}
