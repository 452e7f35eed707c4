// A refused save: each field error beside its field (a mapping row's beside its cell), the count next to
// «Сохранить», and the first wrong field brought into view and focused.
import { $, plural } from './dom.js';
import { mappingRow } from './mapping.js';

const form = () => $('settings');

export function clearErrors() {
  form()
    .querySelectorAll('[data-error],[data-row-error]')
    .forEach((p) => {
      p.textContent = '';
    });
  form()
    .querySelectorAll('.field-invalid')
    .forEach((n) => n.classList.remove('field-invalid'));
  if ($('save-result').className === 'error') {
    $('save-result').textContent = '';
    $('save-result').className = '';
  }
}

/** Field errors as the API gives them: `{ field: 'name' | 'mappings.<i>.<field>', message }`. */
export function showErrors(errors) {
  errors.forEach((e) => {
    const match = /^mappings\.(\d+)\.(\w+)$/.exec(e.field);
    let target;
    if (match) {
      const row = mappingRow(Number(match[1]));
      target = row && row.querySelector('[data-row-error=' + match[2] + ']');
      const input = row && row.querySelector('[data-field=' + match[2] + ']');
      if (input) input.classList.add('field-invalid');
    } else {
      target = form().querySelector('[data-error="' + e.field + '"]');
      const field = form().querySelector('[name="' + e.field + '"]');
      if (field) field.classList.add('field-invalid');
    }
    (target || form().querySelector('[data-error=_form]')).textContent = e.message;
  });
  $('save-result').textContent = 'Исправьте ' + errors.length + ' ' + plural(errors.length, 'поле', 'поля', 'полей');
  $('save-result').className = 'error';
  focusFirstInvalid();
}

/** A failure that is not about fields (network, server), under the form. */
export function showFormError(message) {
  form().querySelector('[data-error=_form]').textContent = message;
  focusFirstInvalid();
}

// The first wrong field in the form's order (not the server's), brought into view, even inside a closed <details>.
function focusFirstInvalid() {
  const field = form().querySelector('.field-invalid') || form().querySelector('[data-error]:not(:empty)');
  if (!field) return;
  const details = field.closest('details');
  if (details) details.open = true;
  field.scrollIntoView({ block: 'center' });
  if (typeof field.focus === 'function') field.focus({ preventScroll: true });
}
