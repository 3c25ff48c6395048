import { h } from '../ui/dom';
import { t } from '../ui/i18n';

/** Locks each managed field: its controls are disabled and it says, beside them, who set it. */
export function lockManaged(form: HTMLElement, keys: string[]): void {
  const fields = new Set(keys);
  // The region fills both URLs, so it is locked as soon as either is.
  if (fields.has('authBaseUrl') || fields.has('apiBaseUrl')) fields.add('region');
  for (const field of fields) {
    // A field may span two places (detection: the stream switch, and the advanced section).
    form.querySelectorAll<HTMLElement>(`[data-field="${field}"]`).forEach((container, index) => {
      container.dataset.managed = 'true';
      const noteId = index === 0 ? `managed-${field}` : `managed-${field}-${index}`;
      for (const control of container.querySelectorAll<HTMLInputElement>('input, select, textarea, button')) {
        control.disabled = true;
        control.dataset.describedby = [noteId, control.dataset.describedby].filter(Boolean).join(' ');
        control.setAttribute('aria-describedby', control.dataset.describedby);
      }
      if (!container.querySelector('.locked'))
        container.append(h('p', { class: 'locked', id: noteId }, t('managed_byAdmin')));
    });
  }
}
