import type { Cause } from '../../shared/causes';
import { clipOptional, LIMITS } from '../../shared/clip';
import type { Attempt, ConversationRecord, SessionState } from '../../shared/records';
import type { RemoteSession } from '../platform/types';

/**
 * A conversation's co-browse lifecycle as one table: every allowed (state, event) pair is listed
 * once below and nothing else is allowed. Pure (no storage, no fetch, no clock: the runner passes
 * `now`); the runner in lifecycle.ts / start.ts performs the effects and persists once per step.
 * docs/lifecycle.md is generated from this table (`npm run docs:lifecycle`) and a test keeps it current.
 */

/** `new` is the pseudo-state of a conversation without a record. */
export type MachineState = SessionState | 'new';

export const EVENT_TYPES = [
  'accept', // the chat was accepted with auto-start on and an agent signed in
  'accept-signed-out', // accepted while no agent is signed in: recorded, never started by itself
  'start', // the agent pressed Start or Retry in the popup
  'attempt', // a new POST is about to leave: its externalSessionId is written first
  'nothing-created', // the POST was answered with a refusal that created nothing (401): retry allowed
  'unanswered', // the POST's fate is unknown (network, timeout): looked up before anything else
  'backoff', // waiting before the next try after a transient failure
  'remote-pending', // the platform reports the session (a created, found or followed one)
  'remote-active',
  'remote-declined',
  'remote-expired',
  'remote-ended',
  'remote-unknown',
  'failed', // the start cannot succeed as it is (cause named); nothing is left in flight
  'gave-up', // the start budget ran out with the last attempt's fate unknown: the attempt is kept
  'sign-in-needed', // the bound agent's token lapsed and silent sign-in failed
  'signed-out', // the agent signed out (or another agent signed in): not started, Start button
  'chat-ended', // the chat ended on the desktop, or the agent pressed End
  'chat-ended-unresolved', // … while an attempt's fate is unknown: noted, the attempt is looked up first
  'stale', // a start that waited longer than the bound (setting staleStartMinutes)
  'gone', // the platform no longer knows the session (404 on GET or DELETE)
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

type Outcome = Pick<Attempt, 'httpStatus' | 'contextId' | 'cause'>;

export type LifecycleEvent =
  | { type: 'accept' | 'start'; userId?: string } // the agent the start is for: the record is bound to them
  | { type: 'accept-signed-out' | 'signed-out' | 'sign-in-needed' | 'stale' | 'gone' }
  | { type: 'chat-ended' | 'chat-ended-unresolved' }
  | { type: 'attempt'; externalSessionId: string }
  | { type: 'nothing-created' | 'unanswered'; outcome: Outcome }
  | { type: 'backoff'; retryAt: number; cause: Cause }
  | { type: `remote-${RemoteSession['state']}`; session: RemoteSession; httpStatus?: number }
  | { type: 'failed' | 'gave-up'; cause: Cause; httpStatus?: number; contextId?: string };

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

/** End reasons this machine writes (platforms add theirs, e.g. offer-expired, agent-ended). */
export const END_REASONS = {
  beforeStart: 'chat-ended-before-start',
  stale: 'expired-before-start',
  gone: 'no-longer-on-platform',
} as const;

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

const STARTING_STATES: ReadonlySet<MachineState> = new Set(['starting', 'needs-sign-in', 'not-started']);

/** Attempts kept per conversation for diagnosis (the export shows the last 50 across all). */
const ATTEMPTS_KEPT = 10;

/** The fields each event changes besides the state. */
function apply(record: ConversationRecord, event: LifecycleEvent, now: number): ConversationRecord {
  switch (event.type) {
    case 'accept':
    case 'start':
      // A kept (given-up) attempt survives a Retry: the runner looks it up before any new POST.
      return {
        ...record,
        userId: event.userId ?? record.userId,
        cause: undefined,
        endReason: undefined,
        acceptedAt: now,
        chatEnded: false,
      };
    case 'accept-signed-out':
      return { ...record, cause: { code: 'signed-out' } };
    case 'attempt':
      return {
        ...record,
        cause: undefined,
        pendingExternalSessionId: event.externalSessionId,
        attempts: [
          ...record.attempts,
          {
            externalSessionId: event.externalSessionId,
            startedAt: now,
            timings: { toRequest: now - record.acceptedAt },
          },
        ].slice(-ATTEMPTS_KEPT),
      };
    case 'nothing-created':
      return { ...closeAttempt(record, event.outcome, now), pendingExternalSessionId: undefined };
    case 'unanswered':
      return closeAttempt(record, event.outcome, now);
    case 'failed':
    case 'gave-up': {
      const outcome = { httpStatus: event.httpStatus, contextId: event.contextId, cause: event.cause };
      const closed = closeAttempt(record, outcome, now);
      // Giving up keeps the evidence: a Retry looks the last attempt up before a new POST.
      const pending = event.type === 'gave-up' ? record.pendingExternalSessionId : undefined;
      return { ...closed, pendingExternalSessionId: pending, cause: clipCause(event.cause) };
    }
    case 'signed-out':
      return { ...record, cause: { code: 'signed-out' } };
    case 'chat-ended':
      return STARTING_STATES.has(record.state)
        ? {
            ...record,
            chatEnded: true,
            endReason: END_REASONS.beforeStart,
            pendingExternalSessionId: undefined,
          }
        : { ...record, chatEnded: true };
    case 'chat-ended-unresolved':
      return { ...record, chatEnded: true };
    case 'stale':
      return { ...record, endReason: END_REASONS.stale, pendingExternalSessionId: undefined };
    case 'gone':
      return { ...record, endReason: END_REASONS.gone };
    case 'backoff':
      // While it waits, the cause says why (rate-limited, server-error, network, timeout) and
      // retryAt when the next try leaves; the next attempt clears both.
      return { ...record, cause: clipCause(event.cause) };
    case 'sign-in-needed':
      return record;
    default: {
      const { session, httpStatus } = event;
      const adopted = record.pendingExternalSessionId
        ? { ...closeAttempt(record, { httpStatus }, now), pendingExternalSessionId: undefined }
        : record;
      return {
        ...adopted,
        sessionId: session.id,
        joinUrl: session.joinUrl ?? record.joinUrl,
        joinCode: session.joinCode ?? record.joinCode,
        expiresAt: session.expiresAt,
        // Platforms pass their own words through (Genesys disconnectType): never longer than a record holds.
        endReason: clipOptional(session.endReason, LIMITS.endReason),
        cause: undefined,
      };
    }
  }
}

/** Server words (a cause's detail, a contextId) cut to what the record's schema holds. */
function clipCause(cause: Cause): Cause;
function clipCause(cause: Cause | undefined): Cause | undefined;
function clipCause(cause: Cause | undefined): Cause | undefined {
  if (cause?.detail === undefined) return cause;
  return { ...cause, detail: clipOptional(cause.detail, LIMITS.detail) };
}

function closeAttempt(record: ConversationRecord, raw: Outcome, now: number): ConversationRecord {
  const outcome = {
    ...raw,
    contextId: clipOptional(raw.contextId, LIMITS.contextId),
    cause: clipCause(raw.cause),
  };
  return {
    ...record,
    attempts: record.attempts.map((attempt) =>
      attempt.externalSessionId === record.pendingExternalSessionId && attempt.finishedAt === undefined
        ? {
            ...attempt,
            ...outcome,
            finishedAt: now,
            timings: { ...attempt.timings, toResponse: now - record.acceptedAt },
          }
        : attempt,
    ),
  };
}
