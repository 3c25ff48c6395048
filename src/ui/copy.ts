import { t } from './i18n';

/**
 * Copies text and says so in `status` (a live region), so the result is announced and visible.
 * Returns false when the clipboard refused, leaving the reason on screen.
 */
export async function copyText(text: string, status: HTMLElement, doneKey = 'copy_done'): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    announce(status, t(doneKey));
    return true;
  } catch (error) {
    announce(status, t('copy_failed', error instanceof Error ? error.message : String(error)), true);
    return false;
  }
}

/** Replaces the status text; clearing first makes screen readers repeat an identical message. */
export function announce(status: HTMLElement, text: string, isError = false): void {
  status.textContent = '';
  status.classList.toggle('error', isError);
  setTimeout(() => {
    status.textContent = text;
  }, 0);
}
