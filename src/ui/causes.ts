import type { CauseCode } from '../shared/causes';
import { hasMessage, t } from './i18n';

/** A scope token as RFC 6749 spells one (no spaces or quotes): a detail that names the missing scope. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * The one sentence (what went wrong, and what to do) a failed start shows. The key is spelled as
 * shared/causes.ts `causeMessageKey` spells it, without importing that module: it would pull zod
 * into the popup, which must open in under 100 ms. tests/unit/ui/causes.test.ts pins the two together.
 * Two causes name what they are about: the interaction's medium (not-eligible) and the scope.
 */
export function causeSentence(
  code: CauseCode,
  cause: { detail?: string; people?: { acceptedBy: string; signedInAs: string } } = {},
): string {
  if (code === 'not-eligible') return t('cause_not_eligible', mediaName(cause.detail));
  if (code === 'missing-scope' && cause.detail && SCOPE_TOKEN.test(cause.detail))
    return t('cause_missing_scope_named', cause.detail);
  const key = `cause_${code.replaceAll('-', '_')}`;
  return cause.people ? t(key, [cause.people.acceptedBy, cause.people.signedInAs]) : t(key);
}

/** "SMS", "WhatsApp", "voice — off in the settings"…: the words for a not-eligible medium. */
export function mediaName(key = 'unknown'): string {
  const message = `media_${key.replaceAll('-', '_')}`;
  return /^[a-z_]+$/.test(key.replaceAll('-', '_')) && hasMessage(message) ? t(message) : key;
}

/** A settings field's label, shared by the options form and the popup's "missing" list. */
export function fieldLabel(field: string): string {
  return t(`field_${field.replaceAll('.', '_')}`);
}
