import type { Status } from '../shared/messages';
import type { ConversationRecord, SessionState } from '../shared/records';

/**
 * shared/records.ts LIVE_STATES, restated so the popup bundle stays free of zod (it must open in
 * under 100 ms); tests/unit/ui/popup-view.test.ts checks the two agree.
 */
export const LIVE: ReadonlySet<SessionState> = new Set(['needs-sign-in', 'starting', 'pending', 'active']);

export type Tone = 'ok' | 'wait' | 'bad' | 'done';

/**
 * Colour tone and an icon per state; the state's name is always written out beside them. Icons are
 * plain symbols that common system fonts carry (emoji such as 🔑 or ⌛ show as boxes without an emoji font).
 */
export const STATE_LOOK: Record<SessionState, { tone: Tone; icon: string }> = {
  'needs-sign-in': { tone: 'bad', icon: '⚑' },
  starting: { tone: 'wait', icon: '↻' },
  pending: { tone: 'wait', icon: '◔' },
  active: { tone: 'ok', icon: '✓' },
  declined: { tone: 'done', icon: '✕' },
  expired: { tone: 'done', icon: '◷' },
  ended: { tone: 'done', icon: '■' },
  failed: { tone: 'bad', icon: '⚠' },
};

export type Notice =
  | { kind: 'misconfigured'; missing: string[]; problems: string[] }
  | { kind: 'signed-out' }
  | { kind: 'empty' };

export interface PopupView {
  notice?: Notice;
  autoStart: { on: boolean; locked: boolean };
  managed: boolean;
  /** The current tab's accepted chat, when the agent has to start its co-browse by hand. */
  startCurrent?: string;
}

/** Decides what the popup shows for a status; pure, so each state is unit-tested without a browser. */
export function viewOf(status: Status): PopupView {
  const misconfigured = status.missing.length > 0 || status.settingsProblems.length > 0;
  const notice: Notice | undefined = misconfigured
    ? { kind: 'misconfigured', missing: status.missing, problems: status.settingsProblems }
    : !status.signedIn
      ? { kind: 'signed-out' }
      : status.conversations.length === 0
        ? { kind: 'empty' }
        : undefined;
  return {
    notice,
    autoStart: { on: status.settings.autoStart, locked: status.managedKeys.includes('autoStart') },
    managed: status.managedKeys.length > 0,
    startCurrent: startable(status),
  };
}

function startable(status: Status): string | undefined {
  const id = status.currentTabConversationId;
  if (!id) return undefined;
  const record = status.conversations.find((r) => r.conversationId === id);
  if (record && LIVE.has(record.state)) return undefined;
  return !status.settings.autoStart || record?.state === 'failed' ? id : undefined;
}

export type RowAction = 'retry' | 'end';

export function rowActions(record: ConversationRecord, canEnd = true): RowAction[] {
  if (record.state === 'failed') return ['retry'];
  if (canEnd && (record.state === 'pending' || record.state === 'active')) return ['end'];
  return [];
}

/** What a row's DOM depends on (its clock ticks on its own), to skip rebuilding unchanged rows. */
export function rowSignature(record: ConversationRecord): string {
  return [record.state, record.acceptedAt, record.cause?.code ?? '', record.endReason ?? ''].join('|');
}
