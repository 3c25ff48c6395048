import type { Attempt, ConversationRecord } from '../../shared/records';
import type { StartError } from '../api/errors';
import type { RemoteSession } from '../platform/types';
import { putRecord } from './records';

/** Attempts kept per conversation for diagnosis (the export shows the last 50 across all). */
const ATTEMPTS_KEPT = 10;

/** The record with a new attempt that is about to be sent (not yet written). */
export function withNewAttempt(record: ConversationRecord, externalSessionId: string): ConversationRecord {
  const now = Date.now();
  const attempt: Attempt = {
    externalSessionId,
    startedAt: now,
    timings: { toRequest: now - record.acceptedAt },
  };
  return {
    ...record,
    state: 'starting',
    cause: undefined,
    pendingExternalSessionId: externalSessionId,
    attempts: [...record.attempts, attempt].slice(-ATTEMPTS_KEPT),
  };
}

/** Written and awaited before the POST leaves, so a restart knows which attempt to look up. */
export function markStarting(record: ConversationRecord, externalSessionId: string) {
  return putRecord(withNewAttempt(record, externalSessionId));
}

type Outcome = Pick<Attempt, 'httpStatus' | 'contextId' | 'cause'>;

function closeAttempt(record: ConversationRecord, outcome: Outcome): Attempt[] {
  const now = Date.now();
  return record.attempts.map((attempt) =>
    attempt.externalSessionId === record.pendingExternalSessionId && attempt.finishedAt === undefined
      ? {
          ...attempt,
          ...outcome,
          finishedAt: now,
          timings: { ...attempt.timings, toResponse: now - record.acceptedAt },
        }
      : attempt,
  );
}

/** Records how an attempt ended without deciding the conversation's state. */
export function finishAttempt(record: ConversationRecord, outcome: Outcome, { clearPending = false } = {}) {
  return putRecord({
    ...record,
    attempts: closeAttempt(record, outcome),
    pendingExternalSessionId: clearPending ? undefined : record.pendingExternalSessionId,
  });
}

export function markAdopted(record: ConversationRecord, session: RemoteSession, httpStatus: number) {
  return putRecord({
    ...record,
    attempts: closeAttempt(record, { httpStatus }),
    pendingExternalSessionId: undefined,
    state: session.state,
    sessionId: session.id,
    joinUrl: session.joinUrl,
    expiresAt: session.expiresAt,
    endReason: session.endReason,
    cause: undefined,
  });
}

export function markFailed(record: ConversationRecord, error: StartError) {
  return putRecord({
    ...record,
    attempts: closeAttempt(record, {
      httpStatus: error.httpStatus,
      contextId: error.contextId,
      cause: error.reason,
    }),
    pendingExternalSessionId: undefined,
    state: 'failed',
    cause: error.reason,
  });
}

/** Keeps any unanswered attempt: after sign-in it is looked up before a new POST. */
export function markNeedsSignIn(record: ConversationRecord) {
  return putRecord({ ...record, state: 'needs-sign-in' });
}

export function markRemote(record: ConversationRecord, session: RemoteSession) {
  return putRecord({
    ...record,
    state: session.state,
    endReason: session.endReason,
    expiresAt: session.expiresAt,
  });
}
