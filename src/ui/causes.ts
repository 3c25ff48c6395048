import type { CauseCode } from '../shared/causes';
import { t } from './i18n';

/**
 * The one sentence (what went wrong, and what to do) a failed start shows. The key is spelled as
 * shared/causes.ts `causeMessageKey` spells it, without importing that module: it would pull zod
 * into the popup, which must open in under 100 ms. tests/unit/ui/causes.test.ts pins the two together.
 */
export function causeSentence(code: CauseCode, people?: { acceptedBy: string; signedInAs: string }): string {
  const key = `cause_${code.replaceAll('-', '_')}`;
  return people ? t(key, [people.acceptedBy, people.signedInAs]) : t(key);
}

/** A settings field's label, shared by the options form and the popup's "missing" list. */
export function fieldLabel(field: string): string {
  return t(`field_${field.replaceAll('.', '_')}`);
}
