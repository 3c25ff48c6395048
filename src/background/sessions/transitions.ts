import type { ConversationRecord } from '../../shared/records';
import type { StartError } from '../api/errors';
import type { RemoteSession } from '../platform/types';
import { type LifecycleEvent, transition } from './machine';
import { putRecord } from './records';

/** Logged and counted when the machine refuses an event; the record is left as it was. */
export class RefusedTransition extends Error {
  constructor(conversationId: string, reason: string) {
    super(`Lifecycle of ${conversationId}: refused ${reason}; the record is unchanged.`);
    this.name = 'RefusedTransition';
  }
}

/** The next record, not yet written (for the accept path, which writes it alongside the token read). */
export function next(
  record: ConversationRecord | undefined,
  event: LifecycleEvent,
  fields: Pick<ConversationRecord, 'conversationId' | 'source' | 'tabId'>,
): ConversationRecord | undefined {
  const result = transition(record, event, Date.now(), fields);
  if (!result.ok) {
    console.warn(new RefusedTransition(fields.conversationId, result.reason).message);
    return undefined;
  }
  return result.record;
}

/**
 * One step of the runner: the machine's transition, persisted once. A refused event is logged and
 * nothing is written, so an illegal state never reaches storage.
 */
export function step(record: ConversationRecord, event: LifecycleEvent): Promise<ConversationRecord> {
  return steps(record, event);
}

/** Several events as one step: each is checked by the machine, the result is written once. */
export async function steps(
  record: ConversationRecord,
  ...events: LifecycleEvent[]
): Promise<ConversationRecord> {
  let current = record;
  const now = Date.now();
  for (const event of events) {
    const result = transition(current, event, now);
    if (!result.ok) {
      console.warn(new RefusedTransition(record.conversationId, result.reason).message);
      return record;
    }
    current = result.record;
  }
  return putRecord(current);
}

/** The event a platform's view of a session is. */
export function remote(session: RemoteSession, httpStatus?: number): LifecycleEvent {
  return { type: `remote-${session.state}`, session, httpStatus };
}

export function failed(error: StartError, type: 'failed' | 'gave-up' = 'failed'): LifecycleEvent {
  return { type, cause: error.reason, httpStatus: error.httpStatus, contextId: error.contextId };
}
