// A viewer sees the integration page as it is and changes nothing: every field of the settings, the
// cabinet, the history load and the operator mapping is disabled, and every button that would write is
// hidden (copying the webhook URL and the script stays). The server refuses a viewer's writes anyway
// (403); this only keeps the page from offering them. Panels re-render their rows (mapping, operators),
// so new controls are caught as they appear.
import { $, el } from './dom.js';

const WRITE_AREAS = ['settings', 'cabinet-section', 'backfill-panel', 'operators-panel'];
const READ_BUTTONS = new Set(['copy-webhook', 'copy-script']);
const FIELDS = 'input, select, textarea';

let readOnly = false;

function notice() {
  let banner = $('read-only-notice');
  if (!banner) {
    banner = el(
      'div',
      { id: 'read-only-notice', class: 'banner notice', hidden: '' },
      'Только просмотр: менять настройки может редактор или владелец аккаунта.',
    );
    $('page-error').after(banner);
  }
  return banner;
}

function apply() {
  notice().hidden = !readOnly;
  $('new-integration').hidden = readOnly;
  // «+ новая» in the integration list: a viewer creates nothing.
  $('integration')
    .querySelectorAll('option[value=""]')
    .forEach((option) => {
      option.hidden = readOnly;
      option.disabled = readOnly;
    });
  WRITE_AREAS.forEach((id) => {
    const area = $(id);
    if (!area) return;
    area.querySelectorAll(FIELDS).forEach((field) => {
      field.disabled = readOnly;
    });
    area.querySelectorAll('button').forEach((button) => {
      if (!READ_BUTTONS.has(button.id)) button.hidden = readOnly;
    });
  });
}

/** Read-only or not, for the account now shown (its role may differ from the last one's). */
export function setReadOnly(value) {
  readOnly = value;
  document.body.toggleAttribute('data-read-only', readOnly);
  apply();
}

export function watchReadOnly() {
  const observer = new MutationObserver(() => {
    if (readOnly) apply();
  });
  [...WRITE_AREAS, 'integration'].forEach((id) => {
    const node = $(id);
    if (node) observer.observe(node, { childList: true, subtree: true });
  });
}
