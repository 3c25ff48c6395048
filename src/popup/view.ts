import type { Status } from '../shared/messages';
import type { ConversationRecord, SessionState } from '../shared/records';

/**
 * shared/records.ts LIVE_STATES, restated so the popup bundle stays free of zod (it must open in
 * under 100 ms); tests/unit/ui/popup-view.test.ts checks the two agree.
 */
export const LIVE: ReadonlySet<SessionState> = new Set([
  'needs-sign-in',
  'starting',
  'pending',
  'active',
  'unknown',
]);

export type Tone = 'ok' | 'wait' | 'bad' | 'done';

/** A row's state: a record's, or `accepted` for a chat the agent has not started co-browse for. */
export type RowState = SessionState | 'accepted';

/**
 * Colour tone and an icon per state; the state's name is always written out beside them. Icons are
 * plain symbols that common system fonts carry (emoji such as 🔑 or ⌛ show as boxes without an emoji font).
 */
export const STATE_LOOK: Record<RowState, { tone: Tone; icon: string }> = {
  accepted: { tone: 'bad', icon: '▶' },
  'not-started': { tone: 'bad', icon: '○' },
  'needs-sign-in': { tone: 'bad', icon: '⚑' },
  starting: { tone: 'wait', icon: '↻' },
  pending: { tone: 'wait', icon: '◔' },
  active: { tone: 'ok', icon: '✓' },
  declined: { tone: 'done', icon: '✕' },
  expired: { tone: 'done', icon: '◷' },
  ended: { tone: 'done', icon: '■' },
  failed: { tone: 'bad', icon: '⚠' },
  unknown: { tone: 'wait', icon: '?' },
};

/** Failed and needs-action first, then active, then waiting for the customer, then finished. */
export const GROUPS = ['attention', 'active', 'waiting', 'finished'] as const;
export type Group = (typeof GROUPS)[number];

const GROUP_OF: Record<RowState, Group> = {
  accepted: 'attention',
  'not-started': 'attention',
  'needs-sign-in': 'attention',
  failed: 'attention',
  active: 'active',
  starting: 'waiting',
  pending: 'waiting',
  unknown: 'waiting',
  declined: 'finished',
  expired: 'finished',
  ended: 'finished',
};

export function groupOf(state: RowState): Group {
  return GROUP_OF[state] ?? 'attention'; // a state this popup does not know yet asks to be looked at
}

/** One row: a conversation record, or an accepted chat with no session, and the customer's name. */
export interface RowModel {
  id: string;
  state: RowState;
  group: Group;
  customerName?: string;
  record?: ConversationRecord;
  /** The chat is still open on the desktop, so a new offer can reach the customer. */
  chatLive: boolean;
  /** When the row entered its state, for "how long ago". */
  since: number;
}

export function rowModels(status: Status): RowModel[] {
  const chats = status.chats ?? {};
  const rows: RowModel[] = status.conversations.map((record) => ({
    id: record.conversationId,
    state: record.state,
    group: groupOf(record.state),
    customerName: chats[record.conversationId]?.customerName,
    record,
    chatLive: !record.chatEnded && chats[record.conversationId]?.live !== false,
    since: record.stateSince ?? record.updatedAt,
  }));
  // With auto-start off, an accepted chat has no record until the agent presses its Start.
  const known = new Set(rows.map((r) => r.id));
  if (!status.settings.autoStart) {
    for (const [id, chat] of Object.entries(chats)) {
      if (known.has(id) || !chat.live) continue;
      rows.push({
        id,
        state: 'accepted',
        group: 'attention',
        customerName: chat.customerName,
        chatLive: true,
        since: chat.acceptedAt,
      });
    }
  }
  return rows.sort((a, b) => acceptedAt(b) - acceptedAt(a));
}

function acceptedAt(row: RowModel): number {
  return row.record?.acceptedAt ?? row.since;
}

export type Notice =
  | { kind: 'misconfigured'; missing: string[]; problems: string[] }
  /** `final`: the agent signed out (nothing starts); otherwise only the token lapsed. */
  | { kind: 'signed-out'; final: boolean }
  | { kind: 'empty' };

export interface PopupView {
  notice?: Notice;
  autoStart: { on: boolean; locked: boolean };
  managed: boolean;
  rows: RowModel[];
}

/** Decides what the popup shows for a status; pure, so each state is unit-tested without a browser. */
export function viewOf(status: Status): PopupView {
  const rows = rowModels(status);
  const misconfigured = status.missing.length > 0 || status.settingsProblems.length > 0;
  const notice: Notice | undefined = misconfigured
    ? { kind: 'misconfigured', missing: status.missing, problems: status.settingsProblems }
    : !status.signedIn
      ? { kind: 'signed-out', final: status.signedOut === true }
      : rows.length === 0
        ? { kind: 'empty' }
        : undefined;
  return {
    notice,
    autoStart: { on: status.settings.autoStart, locked: status.managedKeys.includes('autoStart') },
    managed: status.managedKeys.length > 0,
    rows,
  };
}

export type RowAction = 'start' | 'retry' | 'offer-again' | 'end' | 'sign-out';

export function rowActions(row: RowModel, canEnd = true): RowAction[] {
  if (row.state === 'accepted' || row.state === 'not-started') return ['start'];
  // Another agent accepted the chat: a Retry as this agent cannot succeed, signing out can.
  if (row.state === 'failed' && row.record?.cause?.code === 'accepted-by-other') return ['sign-out'];
  // Retrying cannot make an SMS (or a call with voice co-browse off) eligible.
  if (row.state === 'failed') return row.record?.cause?.code === 'not-eligible' ? [] : ['retry'];
  if ((row.state === 'declined' || row.state === 'expired') && row.chatLive) return ['offer-again'];
  if (canEnd && (row.state === 'pending' || row.state === 'active')) return ['end'];
  return [];
}

/** What a row's DOM depends on (its clock ticks on its own), to skip rebuilding unchanged rows. */
export function rowSignature(row: RowModel): string {
  const r = row.record;
  return [
    row.state,
    row.customerName ?? '',
    row.chatLive,
    row.since,
    r?.acceptedAt ?? '',
    r?.cause?.code ?? '',
    r?.retryAt ?? '',
    r?.cause?.detail ?? '',
    r?.endReason ?? '',
    r?.joinCode ?? '',
  ].join('|');
}
