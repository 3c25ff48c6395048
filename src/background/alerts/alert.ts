import { causeMessageKey } from '../../shared/causes';
import type { ConversationRecord } from '../../shared/records';

/** What one system notification says; built without the browser so each case is unit-tested. */
export interface Alert {
  /** One notification per conversation: a later alert for the same chat replaces the earlier one. */
  id: string;
  title: string;
  message: string;
}

export type Translate = (key: string, substitutions?: string[]) => string;

/** The states an agent must hear about even with the popup closed: nothing else will tell them. */
const ALERTING = new Set(['failed', 'declined']);

export const ALERT_PREFIX = 'cobrowse:';

/**
 * The alert for a record that has just entered `failed` or `declined`, or undefined (no change of
 * state, or a state the agent does not need to be interrupted for). `customerName` comes from
 * storage.session and is only ever shown, never stored by this module.
 */
/** Whether a record write is one that alerts (a start that failed, an offer declined), name aside. */
export function alerts(
  before: ConversationRecord | undefined,
  after: ConversationRecord | undefined,
): after is ConversationRecord {
  return after !== undefined && ALERTING.has(after.state) && before?.state !== after.state;
}

export function alertFor(
  before: ConversationRecord | undefined,
  after: ConversationRecord | undefined,
  customerName: string | undefined,
  t: Translate,
): Alert | undefined {
  if (!alerts(before, after)) return undefined;
  const who = customerName?.trim() || shortId(after.conversationId);
  const id = ALERT_PREFIX + after.conversationId;
  if (after.state === 'declined')
    return { id, title: t('notify_declinedTitle', [who]), message: t('notify_declinedMessage') };
  const cause = after.cause;
  const message = cause ? causeText(cause, t) : t('notify_failedUnknown');
  return { id, title: t('notify_failedTitle', [who]), message };
}

/** The cause's one sentence; a cause naming people carries their names (see shared/causes.ts). */
export function causeText(cause: NonNullable<ConversationRecord['cause']>, t: Translate): string {
  const people = cause.people ? [cause.people.acceptedBy, cause.people.signedInAs] : undefined;
  return t(causeMessageKey(cause.code), people);
}

function shortId(id: string): string {
  return id.length <= 9 ? id : `${id.slice(0, 8)}…`;
}
