import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';

export type Messages = Record<string, { message: string }>;

export function loadLocale(lang: string): Messages {
  return JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  );
}

/** chrome.i18n as Chrome behaves for a locale: '' for an unknown key, $1…$9 substituted, $$ a dollar. */
export function stubChromeI18n(lang = 'en'): Messages {
  const messages = loadLocale(lang);
  vi.stubGlobal('chrome', {
    i18n: {
      getUILanguage: () => lang,
      getMessage(key: string, substitutions?: string | string[]) {
        const subs = substitutions === undefined ? [] : [substitutions].flat();
        const text = messages[key]?.message;
        if (text === undefined) return '';
        return text.replace(/\$(\$|[1-9])/g, (_, d: string) =>
          d === '$' ? '$' : (subs[Number(d) - 1] ?? ''),
        );
      },
    },
  });
  return messages;
}
