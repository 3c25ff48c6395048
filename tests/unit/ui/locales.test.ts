import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_CODES, causeMessageKey } from '../../../src/shared/causes';
import { SESSION_STATES } from '../../../src/shared/records';
import { SETTINGS_KEYS } from '../../../src/shared/settings';
import { loadLocale } from './chrome-i18n';

const ROOT = resolve(import.meta.dirname, '../../..');
const en = loadLocale('en');
const locales = readdirSync(join(ROOT, 'public/_locales'));
const placeholders = (text: string) => [...new Set(text.match(/\$[1-9]/g) ?? [])].sort();

/** Every key the pages name literally: t('…'), hasMessage('…'), data-i18n*="…". */
function keysUsedInSource(): string[] {
  const files = ['src/popup', 'src/options', 'src/ui'].flatMap((dir) =>
    readdirSync(join(ROOT, dir)).map((name) => join(ROOT, dir, name)),
  );
  const pattern =
    /\bt\(\s*'([A-Za-z0-9_]+)'|data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"|Key = '([A-Za-z0-9_]+)'/g;
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? ''),
  );
}

describe('locales', () => {
  it('ships English and at least one more locale', () => {
    expect(locales).toContain('en');
    expect(locales.length).toBeGreaterThan(1);
  });

  it.each(locales.filter((l) => l !== 'en'))(
    '%s has exactly the English keys, with the same placeholders',
    (lang) => {
      const other = loadLocale(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, { message }] of Object.entries(en)) {
        expect(placeholders(other[key]?.message ?? ''), `${lang}/${key}`).toEqual(placeholders(message));
        expect(other[key]?.message.trim(), `${lang}/${key} is empty`).not.toBe('');
      }
    },
  );

  it('keeps the manifest strings', () => {
    expect(en.extName?.message).toBe('Cobrowse Autostart');
    expect(en.extDescription).toBeDefined();
  });

  it('has one cause-and-fix sentence per cause code', () => {
    for (const code of CAUSE_CODES) {
      const sentence = en[causeMessageKey(code)]?.message ?? '';
      expect(sentence, code).toMatch(/^[A-Z].*: .+\.$/); // the cause, a colon, then what to do
    }
  });

  it('names every session state and every settings field', () => {
    for (const state of SESSION_STATES)
      expect(en[`state_${state.replaceAll('-', '_')}`], state).toBeDefined();
    for (const field of SETTINGS_KEYS) expect(en[`field_${field}`], field).toBeDefined();
  });

  it('has every key the popup and options page use', () => {
    const used = keysUsedInSource();
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => !(key in en))).toEqual([]);
  });
});
