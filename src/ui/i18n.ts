// chrome.i18n, not the polyfill: it is synchronous in every browser, and unit tests can stub it
// with a plain object instead of loading webextension-polyfill outside an extension.

/**
 * One user-facing string from _locales. A missing key shows as the key itself (and a warning), so a
 * gap is visible on screen instead of an empty label; tests/unit/ui/locales.test.ts catches it first.
 */
export function t(key: string, substitutions?: string | string[]): string {
  const text = chrome.i18n.getMessage(key, substitutions);
  if (text) return text;
  console.warn(`No message "${key}" in _locales: add it to public/_locales/*/messages.json.`);
  return key;
}

/** For optional, more specific wording that falls back to something else when absent. */
export function hasMessage(key: string): boolean {
  return chrome.i18n.getMessage(key) !== '';
}

const ATTRIBUTES = ['title', 'aria-label', 'placeholder'] as const;

/**
 * Fills static markup: `data-i18n` sets the text, `data-i18n-title` / `-aria-label` / `-placeholder`
 * set those attributes. The HTML files carry keys only, so they cannot drift from the locales.
 */
export function localize(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n ?? '');
  }
  for (const attribute of ATTRIBUTES) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`) ?? ''));
    }
  }
  // The language of the messages shown, which can differ from getUILanguage() (e.g. LANGUAGE=de).
  document.documentElement.lang = t('page_lang');
}
