import { fieldLabel } from '../ui/causes';
import { h } from '../ui/dom';
import { t } from '../ui/i18n';

export type Source = 'policy' | 'user' | 'default';

export interface SettingRow {
  /** The setting's key, dotted for nested ones (detection.pageEvent). */
  key: string;
  value: unknown;
  source: Source;
}

type Values = Record<string, unknown>;

const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The settings in force, each with where it comes from. The worker lays the admin's values over the
 * user's key by key (a managed `detection` replaces the user's whole object), then fills defaults:
 * so a top-level key is the admin's if managed, else the user's if stored, else the default; a key
 * inside an object belongs to whoever gave the object, unless that object left it out.
 */
export function settingRows(effective: Values, user: Values, managedKeys: readonly string[]): SettingRow[] {
  return Object.entries(effective).flatMap(([key, value]): SettingRow[] => {
    const owner: Source = managedKeys.includes(key) ? 'policy' : key in user ? 'user' : 'default';
    if (!isObject(value)) return [{ key, value, source: owner }];
    const given = owner === 'user' ? user[key] : undefined;
    return Object.entries(value).map(([inner, innerValue]) => ({
      key: `${key}.${inner}`,
      value: innerValue,
      // A managed object's own holes are not visible here (only its keys are): they read as policy.
      source: owner === 'user' && !(isObject(given) && inner in given) ? 'default' : owner,
    }));
  });
}

/** A value as an admin would type it: lists one per line, rules as JSON, nothing set as "(not set)". */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return t('diag_unset');
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderDiagnostics(body: HTMLTableSectionElement, rows: SettingRow[]): void {
  body.replaceChildren(
    ...rows.map((row) =>
      h(
        'tr',
        { 'data-key': row.key, 'data-source': row.source },
        h('th', { scope: 'row' }, fieldLabel(row.key), h('code', { class: 'key' }, row.key)),
        h('td', {}, h('span', { class: 'value' }, formatValue(row.value))),
        h('td', {}, h('span', { class: `source source-${row.source}` }, t(`source_${row.source}`))),
      ),
    ),
  );
}
