import type { ConversationRecord, SessionState } from '../../shared/records';
import type { EventType, LifecycleEvent, MachineState } from './machine-events';
import { apply, STARTING_STATES } from './machine-fields';

export { EVENT_TYPES, type EventType, type LifecycleEvent, type MachineState } from './machine-events';
export { END_REASONS } from './machine-fields';

/**
 * A conversation's co-browse lifecycle as one table: every allowed (state, event) pair is listed
 * once below and nothing else is allowed. Pure (no storage, no fetch, no clock: the runner passes
 * `now`); the runner in lifecycle.ts / start.ts performs the effects and persists once per step.
 * docs/lifecycle.md is generated from this table (`npm run docs:lifecycle`) and a test keeps it current.
 * The events and what they carry are machine-events.ts; the fields each event writes besides the
 * state, machine-fields.ts.
 */

const REMOTE = {
  'remote-pending': 'pending',
  'remote-active': 'active',
  'remote-declined': 'declined',
  'remote-expired': 'expired',
  'remote-ended': 'ended',
  'remote-unknown': 'unknown',
} as const;

/** While a start is under way (or waiting for its agent), the same events apply. */
const STARTING_ROWS = {
  attempt: 'starting',
  'nothing-created': 'starting',
  unanswered: 'starting',
  ...REMOTE,
  failed: 'failed',
  'gave-up': 'failed',
  'sign-in-needed': 'needs-sign-in',
  'signed-out': 'not-started',
  'chat-ended': 'ended',
  stale: 'ended',
} as const;

/** Finished states: Start/Retry begins again; a chat ending later is only noted. */
const FINISHED_ROWS = { start: 'starting', 'chat-ended': undefined } as const;

/** `undefined` as a target: the event is allowed and leaves the state as it is. */
export const TABLE: Record<MachineState, Partial<Record<EventType, SessionState | undefined>>> = {
  new: { accept: 'starting', 'accept-signed-out': 'not-started', start: 'starting' },
  'not-started': { start: 'starting', 'chat-ended': 'ended', 'chat-ended-unresolved': 'not-started' },
  'needs-sign-in': {
    ...STARTING_ROWS,
    'nothing-created': 'needs-sign-in',
    unanswered: 'needs-sign-in',
    backoff: 'needs-sign-in',
    'chat-ended-unresolved': 'needs-sign-in',
  },
  starting: { ...STARTING_ROWS, backoff: 'starting', 'chat-ended-unresolved': 'starting' },
  pending: { ...REMOTE, 'chat-ended': undefined, gone: 'ended' },
  active: {
    'remote-active': 'active',
    'remote-expired': 'expired',
    'remote-ended': 'ended',
    'remote-unknown': 'unknown',
    'chat-ended': undefined,
    gone: 'ended',
  },
  // A platform state we cannot map: followed like a pending offer until it turns into one we can.
  unknown: { ...REMOTE, 'chat-ended': undefined, gone: 'ended' },
  declined: { ...FINISHED_ROWS, 'remote-declined': 'declined' },
  expired: { ...FINISHED_ROWS, 'remote-expired': 'expired' },
  ended: { ...FINISHED_ROWS, 'remote-ended': 'ended' },
  failed: FINISHED_ROWS,
};

export type Transition = { ok: true; record: ConversationRecord } | { ok: false; reason: string };

/**
 * The record after `event`, or why the event is refused in the record's state. `record` is
 * undefined for a conversation without one (then `fields` gives its identity).
 */
export function transition(
  record: ConversationRecord | undefined,
  event: LifecycleEvent,
  now: number,
  fields?: Pick<ConversationRecord, 'conversationId' | 'source' | 'tabId'>,
): Transition {
  const from: MachineState = record?.state ?? 'new';
  const row = TABLE[from];
  if (!(event.type in row)) return { ok: false, reason: `${event.type} is not allowed in ${from}` };
  if (event.type === 'chat-ended' && record?.pendingExternalSessionId && STARTING_STATES.has(from)) {
    // End never overtakes resume: the runner looks the attempt up (and ends what it finds) first.
    return { ok: false, reason: `chat-ended in ${from} with an unanswered attempt: look it up first` };
  }
  const base: ConversationRecord = record ?? {
    conversationId: fields?.conversationId ?? '',
    source: fields?.source ?? 'popup',
    tabId: fields?.tabId,
    state: 'starting',
    acceptedAt: now,
    updatedAt: now,
    chatEnded: false,
    attempts: [],
  };
  const state = row[event.type] ?? base.state;
  const next = { ...apply(base, event, now), state, retryAt: undefined } as ConversationRecord;
  if (event.type === 'backoff') next.retryAt = event.retryAt;
  if (state !== base.state || !record) next.stateSince = now;
  return { ok: true, record: next };
}
