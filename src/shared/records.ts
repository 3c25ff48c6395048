import { z } from 'zod';
import { Cause } from './causes';
import { ConversationId, DetectionSource } from './ids';

export const SESSION_STATES = [
  'not-started',
  'needs-sign-in',
  'starting',
  'pending',
  'active',
  'declined',
  'expired',
  'ended',
  'failed',
  'unknown',
] as const;
export const SessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionState>;

/** States in which the conversation already has (or is getting) its one session. */
export const LIVE_STATES: ReadonlySet<SessionState> = new Set([
  'needs-sign-in',
  'starting',
  'pending',
  'active',
  'unknown',
]);
/** Followed by polling; `unknown` (a platform state we cannot map) too, until it becomes one we can. */
export const FOLLOWED_STATES: ReadonlySet<SessionState> = new Set(['pending', 'active', 'unknown']);

/** One POST to create a session, kept for diagnosis. Never holds a token. */
export const Attempt = z.object({
  externalSessionId: z.string().min(1).max(128),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  httpStatus: z.number().int().optional(),
  contextId: z.string().max(200).optional(),
  cause: Cause.optional(),
  /** Milliseconds from the accept event to the POST leaving, and to its answer. */
  timings: z.object({ toRequest: z.number().optional(), toResponse: z.number().optional() }).default({}),
});
export type Attempt = z.infer<typeof Attempt>;

export const ConversationRecord = z.object({
  conversationId: ConversationId,
  state: SessionState,
  source: DetectionSource,
  tabId: z.number().int().optional(),
  /**
   * The users/me id of the agent who accepted (or pressed Start): only their token may start, follow
   * or end this conversation's session, and only their popup lists it. Unset for a chat accepted while
   * nobody was signed in (bound by the Start that follows) and for records older than this field.
   */
  userId: z.string().max(200).optional(),
  acceptedAt: z.number(),
  updatedAt: z.number(),
  /** When the record entered its current state (ms): the popup's "how long ago", the stale bound. */
  stateSince: z.number().optional(),
  /** While a start waits to retry after a transient failure: when the next try leaves (ms). */
  retryAt: z.number().optional(),
  /** Set while a POST may be in flight: the attempt to look up after a restart. */
  pendingExternalSessionId: z.string().optional(),
  sessionId: z.string().optional(),
  joinUrl: z.string().optional(),
  /** Genesys voice: the code the customer enters to join (the popup shows it with Copy). */
  joinCode: z.string().max(64).optional(),
  expiresAt: z.string().optional(),
  endReason: z.string().max(200).optional(),
  cause: Cause.optional(),
  chatEnded: z.boolean().default(false),
  attempts: z.array(Attempt).default([]),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

export const RecordMap = z.record(z.string(), ConversationRecord);
export type RecordMap = z.infer<typeof RecordMap>;

export const HISTORY_CAP = 100;

/** Whether the agent `userId` may act on (and see) this record. */
export function ownedBy(record: Pick<ConversationRecord, 'userId'>, userId: string | undefined): boolean {
  return record.userId === undefined || record.userId === userId;
}
