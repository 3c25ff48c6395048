import { h } from '../ui/dom';
import type { FieldErrors } from './validate';

/**
 * Puts each error beside its control: the control gets aria-invalid and is described by the error,
 * so a screen reader reads it on focus. Returns the errors no control claims (shown in the status).
 */
export function showErrors(form: HTMLElement, errors: FieldErrors): string[] {
  clearErrors(form);
  const unclaimed: string[] = [];
  for (const [slot, messages] of errors) {
    const control = form.querySelector<HTMLElement>(`[data-slot="${CSS.escape(slot)}"]`);
    if (!control) {
      unclaimed.push(...messages);
      continue;
    }
    const error = errorElementFor(control, slot);
    error.textContent = messages.join(' ');
    error.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    // An error inside the collapsed advanced section must be seen, and its control focusable.
    const section = control.closest('details');
    if (section) section.open = true;
    control.setAttribute(
      'aria-describedby',
      [error.id, control.dataset.describedby].filter(Boolean).join(' '),
    );
  }
  return unclaimed;
}

export function clearErrors(form: HTMLElement): void {
  for (const error of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll<HTMLElement>('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    describe(control);
  }
}

/** Links hints (and managed notes) to their controls; `data-describedby` keeps the base list. */
export function linkHints(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>('.field').forEach((field, index) => {
    const hint = field.querySelector<HTMLElement>(':scope > .hint');
    if (!hint) return;
    hint.id ||= `hint-${index}`;
    for (const control of field.querySelectorAll<HTMLElement>(
      ':scope > input, :scope > select, :scope > textarea, :scope > label > input',
    )) {
      control.dataset.describedby = hint.id;
      describe(control);
    }
  });
}

function describe(control: HTMLElement): void {
  if (control.dataset.describedby) control.setAttribute('aria-describedby', control.dataset.describedby);
  else control.removeAttribute('aria-describedby');
}

/** The first invalid control, in page order, to move focus to after a failed save. */
export function firstInvalid(form: HTMLElement): HTMLElement | null {
  return form.querySelector<HTMLElement>('[aria-invalid="true"]');
}

function errorElementFor(control: HTMLElement, slot: string): HTMLElement {
  const id = `error-${slot.replaceAll('.', '-')}`;
  const existing = control
    .closest('.rule, .field')
    ?.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(slot)}"]`);
  if (existing) {
    existing.id = id;
    return existing;
  }
  const error = h('p', { class: 'field-error', id, 'data-error-for': slot });
  control.insertAdjacentElement('afterend', error);
  return error;
}
