import type { Cause } from '../../shared/causes';
import { clipOptional, LIMITS } from '../../shared/clip';
import type { ConversationRecord } from '../../shared/records';
import type { LifecycleEvent, MachineState, Outcome } from './machine-events';

// What each event of the lifecycle table (machine.ts) writes into the record besides its state.
// Pure, like the table.

/** End reasons this machine writes (platforms add theirs, e.g. offer-expired, agent-ended). */
export const END_REASONS = {
  beforeStart: 'chat-ended-before-start',
  stale: 'expired-before-start',
  gone: 'no-longer-on-platform',
} as const;

/** States in which a start is under way or waiting: a chat ending there ends it before it started. */
export const STARTING_STATES: ReadonlySet<MachineState> = new Set([
  'starting',
  'needs-sign-in',
  'not-started',
]);

/** Attempts kept per conversation for diagnosis (the export shows the last 50 across all). */
const ATTEMPTS_KEPT = 10;

/** The fields each event changes besides the state. */
export function apply(record: ConversationRecord, event: LifecycleEvent, now: number): ConversationRecord {
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
