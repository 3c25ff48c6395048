import type * as z from 'zod/mini';
import { Settings } from '../shared/settings';
import { hasMessage, t } from '../ui/i18n';

/** Error slot (a field key, or e.g. `detection.domRules.0.selector`) → sentences to show beside it. */
export type FieldErrors = Map<string, string[]>;

type Issue = z.core.$ZodIssue;

/** Array fields whose items are shown together, one line each, in a single control. */
const LINE_FIELDS = new Set(['desktopUrlPatterns', 'scopes']);

/**
 * Validates what would be in force (the user's values with the admin's laid over them) with the one
 * shared schema, plus what only a page can check: that each selector parses as CSS.
 */
export function validate(merged: Record<string, unknown>): { settings?: Settings; errors: FieldErrors } {
  const errors: FieldErrors = new Map();
  const parsed = Settings.safeParse(merged);
  if (!parsed.success)
    for (const issue of parsed.error.issues) add(errors, slotOf(issue.path), describe(issue));
  const rules = (merged.detection as { domRules?: { selector?: unknown }[] } | undefined)?.domRules ?? [];
  rules.forEach((rule, index) => {
    const slot = `detection.domRules.${index}.selector`;
    if (
      typeof rule.selector === 'string' &&
      rule.selector &&
      !errors.has(slot) &&
      !isSelector(rule.selector)
    ) {
      add(errors, slot, t('error_selectorSyntax'));
    }
  });
  return errors.size === 0 && parsed.success ? { settings: parsed.data, errors } : { errors };
}

export function slotOf(path: readonly PropertyKey[]): string {
  const [field] = path;
  if (typeof field !== 'string') return 'form';
  if (LINE_FIELDS.has(field)) return field;
  return path.map(String).join('.');
}

/** A localized sentence per field; the schema's own (English) words only for a rule we did not foresee. */
export function describe(issue: Issue): string {
  if (issue.code === 'too_big') return t('error_tooBig', String(issue.maximum));
  const [field, index] = issue.path;
  const kind = issue.path.filter((part) => typeof part === 'string').join('_');
  // A rule that names its own sentence (URL credentials, a public-suffix wildcard) says exactly that.
  const own = issue.code === 'custom' ? (issue.params as { i18n?: unknown } | undefined)?.i18n : undefined;
  const key = typeof own === 'string' && hasMessage(own) ? own : `error_${kind}`;
  const sentence = hasMessage(key) ? t(key) : issue.message;
  return typeof field === 'string' && LINE_FIELDS.has(field) && typeof index === 'number'
    ? t('error_line', [String(index + 1), sentence])
    : sentence;
}

function add(errors: FieldErrors, slot: string, message: string): void {
  errors.set(slot, [...(errors.get(slot) ?? []), message]);
}

function isSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
