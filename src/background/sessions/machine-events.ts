import type { Cause } from '../../shared/causes';
import type { Attempt, SessionState } from '../../shared/records';
import type { RemoteSession } from '../platform/types';

// The states and events of the lifecycle table (machine.ts): what can happen to a conversation's
// co-browse start, and what each event carries.

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

export type Outcome = Pick<Attempt, 'httpStatus' | 'contextId' | 'cause'>;

export type LifecycleEvent =
  | { type: 'accept' | 'start'; userId?: string } // the agent the start is for: the record is bound to them
  | { type: 'accept-signed-out' | 'signed-out' | 'sign-in-needed' | 'stale' | 'gone' }
  | { type: 'chat-ended' | 'chat-ended-unresolved' }
  | { type: 'attempt'; externalSessionId: string }
  | { type: 'nothing-created' | 'unanswered'; outcome: Outcome }
  | { type: 'backoff'; retryAt: number; cause: Cause }
  | { type: `remote-${RemoteSession['state']}`; session: RemoteSession; httpStatus?: number }
  | { type: 'failed' | 'gave-up'; cause: Cause; httpStatus?: number; contextId?: string };
