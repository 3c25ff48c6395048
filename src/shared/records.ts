import * as z from 'zod/mini';
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
/** A start not sent yet or not answered: what a wake-up resumes and a Sign out sets aside. */
export const WAITING_STATES: ReadonlySet<SessionState> = new Set(['starting', 'needs-sign-in']);
/** Followed by polling; `unknown` (a platform state we cannot map) too, until it becomes one we can. */
export const FOLLOWED_STATES: ReadonlySet<SessionState> = new Set(['pending', 'active', 'unknown']);

/** One POST to create a session, kept for diagnosis. Never holds a token. */
export const Attempt = z.object({
  externalSessionId: z.string().check(z.minLength(1), z.maxLength(128)),
  startedAt: z.number(),
  finishedAt: z.optional(z.number()),
  httpStatus: z.optional(z.int()),
  contextId: z.optional(z.string().check(z.maxLength(200))),
  cause: z.optional(Cause),
  /** Milliseconds from the accept event to the POST leaving, and to its answer. */
  timings: z._default(
    z.object({ toRequest: z.optional(z.number()), toResponse: z.optional(z.number()) }),
    {},
  ),
});
export type Attempt = z.infer<typeof Attempt>;

export const ConversationRecord = z.object({
  conversationId: ConversationId,
  state: SessionState,
  source: DetectionSource,
  tabId: z.optional(z.int()),
  /**
   * The users/me id of the agent who accepted (or pressed Start): only their token may start, follow
   * or end this conversation's session, and only their popup lists it. Unset for a chat accepted while
   * nobody was signed in (bound by the Start that follows) and for records older than this field.
   */
  userId: z.optional(z.string().check(z.maxLength(200))),
  acceptedAt: z.number(),
  updatedAt: z.number(),
  /** When the record entered its current state (ms): the popup's "how long ago", the stale bound. */
  stateSince: z.optional(z.number()),
  /** While a start waits to retry after a transient failure: when the next try leaves (ms). */
  retryAt: z.optional(z.number()),
  /** Set while a POST may be in flight: the attempt to look up after a restart. */
  pendingExternalSessionId: z.optional(z.string()),
  sessionId: z.optional(z.string()),
  joinUrl: z.optional(z.string()),
  /** Genesys voice: the code the customer enters to join (the popup shows it with Copy). */
  joinCode: z.optional(z.string().check(z.maxLength(64))),
  expiresAt: z.optional(z.string()),
  endReason: z.optional(z.string().check(z.maxLength(200))),
  cause: z.optional(Cause),
  chatEnded: z._default(z.boolean(), false),
  attempts: z._default(z.array(Attempt), []),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

export const RecordMap = z.record(z.string(), ConversationRecord);
export type RecordMap = z.infer<typeof RecordMap>;

export const HISTORY_CAP = 100;

/** Whether the agent `userId` may act on (and see) this record. */
export function ownedBy(record: Pick<ConversationRecord, 'userId'>, userId: string | undefined): boolean {
  return record.userId === undefined || record.userId === userId;
}
