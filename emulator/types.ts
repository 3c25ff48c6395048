// Shapes the emulator shares with its callers: the platform's public JSON and the test hooks.

export type ParticipantState = 'alerting' | 'connected' | 'disconnected';

export interface Participant {
  id: string;
  purpose: 'customer' | 'agent';
  userId?: string;
  name: string;
  state: ParticipantState;
  mediaType: 'chat';
}

export interface Conversation {
  id: string;
  state: 'active' | 'ended';
  participants: Participant[];
}

export type SessionState = 'pending' | 'active' | 'declined' | 'expired' | 'ended';

export type EndReason =
  | 'agent-ended'
  | 'conversation-ended'
  | 'customer-ended'
  | 'customer-declined'
  | 'consent-expired';

export interface CobrowseSession {
  id: string;
  externalSessionId: string;
  conversationId: string;
  state: SessionState;
  initiator: { type: 'agent'; id: string };
  target: { type: 'customer'; conversationId: string };
  createdAt: string;
  expiresAt: string;
  joinUrl: string;
  endedAt?: string;
  endReason?: EndReason;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string, so no state, code or challenge ends up in the log. */
  path: string;
  /** Status sent, or that the handler produced before a `closeAfterCommit` fault; null while unanswered. */
  status: number | null;
  /** High-resolution epoch milliseconds: performance.timeOrigin + performance.now(). */
  receivedAt: number;
  /** Parsed JSON body, recorded for the cobrowse sessions POST only. */
  body?: unknown;
  /** Which injected fault answered this request, if any. */
  fault?: string;
}

/** One injected fault; see FaultRegistry. Unset fields mean "as the real handler would". */
export interface Fault {
  /** Answer with this status instead of running the handler (body: `body`, else a platform error for >= 400). */
  status?: number;
  /** Sent as the Retry-After header with a `status` or `hugeBodyBytes` answer. */
  retryAfter?: number | string;
  body?: string;
  /** Content-Type of a canned answer; default application/json. */
  contentType?: string;
  /** Wait this long before anything else; alone, the real handler then answers. */
  delayMs?: number;
  /** Run the real handler (e.g. create the session), then destroy the socket without answering. */
  closeAfterCommit?: boolean;
  /** With `status`: send the headers and never finish the body. Without: never answer at all. */
  hang?: boolean;
  /** Answer `status` (default 200) with a valid JSON body of exactly this many bytes. */
  hugeBodyBytes?: number;
  /** The real handler runs; a redirect it answers carries this `state` instead (a forged or replayed redirect). */
  redirectState?: string;
  /** The real handler runs; a redirect it answers goes to this URI instead of the registered one. */
  redirectUri?: string;
  /** Answer 403 as the platform does for a token without this scope (sessions-api `missing_scope`,
   * genesys-cloud `app.not.authorized.for.scope`), whatever scopes the token really has. */
  missingScope?: string;
}
