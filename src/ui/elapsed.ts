import { t } from './i18n';

const UNITS = [
  [86_400, 'time_days'],
  [3600, 'time_hours'],
  [60, 'time_minutes'],
  [1, 'time_seconds'],
] as const;

/**
 * "12 s", "4 min", "3 h", "2 d", from _locales rather than Intl.NumberFormat: building the first
 * unit formatter loads ICU data and cost ~20 ms, a fifth of the popup's opening budget. Rounded
 * down, so a ticking clock never runs ahead.
 */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [size, key] = UNITS.find(([unit]) => seconds >= unit) ?? UNITS[3];
  return t(key, String(Math.floor(seconds / size)));
}

/** The conversation id as a row shows it: long ids keep their start, which is what people compare. */
export function shortId(id: string, keep = 8): string {
  return id.length <= keep + 1 ? id : `${id.slice(0, keep)}…`;
}
