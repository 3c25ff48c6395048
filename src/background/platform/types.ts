import type { KyInstance } from 'ky';
import * as z from 'zod/mini';
import type { Cause } from '../../shared/causes';
import type { User } from '../../shared/messages';
import type { Settings } from '../../shared/settings-base';
import type { AuthorizeParams } from './oauth';

/** `unknown`: the platform reports a state this extension cannot map; followed, never taken for a decline. */
export const RemoteState = z.enum(['pending', 'active', 'declined', 'expired', 'ended', 'unknown']);

/** A co-browse session as the worker tracks it, whatever the platform calls it. */
export interface RemoteSession {
  id: string;
  state: z.infer<typeof RemoteState>;
  conversationId: string;
  externalSessionId?: string;
  expiresAt?: string;
  joinUrl?: string;
  /** What the customer types to join (Genesys voice offers: the agent reads it out). */
  joinCode?: string;
  endReason?: string;
}

export interface StartRequest {
  conversationId: string;
  externalSessionId: string;
  user: User;
  /** Genesys: voice calls may be offered co-browse (setting cobrowseVoice). */
  cobrowseVoice?: boolean;
  /**
   * Called with the customer's name when the conversation the offer is decided on gives one (Genesys);
   * the caller keeps it in storage.session only, and never rejects. start() waits for it before it
   * returns.
   */
  onCustomerName?: (name: string) => Promise<void>;
  /**
   * What the platform's own push said about the conversation when it reported the accept (Genesys:
   * the event's conversation). Worker memory only, never stored; start() may offer from it instead
   * of reading the conversation first, and parses it itself.
   */
  seen?: unknown;
}

export interface DiagnoseContext extends StartRequest {
  scope: readonly string[];
}

/** Enough to find a session again: platforms without a session endpoint follow the conversation. */
export interface SessionRef {
  id: string;
  conversationId: string;
  expiresAt?: string;
}

/**
 * What the rest of the worker needs from a co-browse platform. Each implementation owns its
 * paths, payloads, response schemas and how it explains a refusal.
 */
export interface Platform {
  authorizeUrl(settings: Settings, params: AuthorizeParams): string;
  tokenUrl(settings: Settings): string;
  fetchUser(api: KyInstance): Promise<User>;
  start(api: KyInstance, request: StartRequest): Promise<RemoteSession>;
  /**
   * After a lost or refused answer: the session this attempt created, if any. Looked up before any
   * new POST, so an attempt whose fate is unknown is never sent twice.
   */
  findAttempt(api: KyInstance, request: StartRequest): Promise<RemoteSession | undefined>;
  get(api: KyInstance, session: SessionRef): Promise<RemoteSession>;
  end(api: KyInstance, session: SessionRef): Promise<void>;
  /** Runs the checks a generic refusal hides and names the first that fails. */
  diagnose(api: KyInstance, context: DiagnoseContext): Promise<Cause>;
  /** Whether end() really ends a session; otherwise it ends with the conversation or by the customer. */
  canEnd: boolean;
  /** A push channel that reports chats the agent accepted, on platforms that have one. */
  notifications?: NotificationSource;
}

export interface Channel {
  id: string;
  connectUri: string;
  /** Epoch ms after which the platform drops the channel. */
  expires: number;
}

/** A chat the push reported accepted, with what it said about the conversation (see StartRequest.seen). */
export interface AcceptedChat {
  conversationId: string;
  seen?: unknown;
}

/** What one message on the channel means for the agent's chats. */
export interface ChatChanges {
  accepted: AcceptedChat[];
  ended: string[];
  /** The platform asked us to reconnect (e.g. it is about to close the socket). */
  reconnect?: boolean;
}

export interface NotificationSource {
  openChannel(api: KyInstance, userId: string): Promise<Channel>;
  /**
   * Re-subscribes an existing channel (after a reconnect, and before it expires: re-subscribing
   * extends it); the channel with its new expiry, or undefined when the platform no longer knows it.
   */
  resume(api: KyInstance, channel: Channel, userId: string): Promise<Channel | undefined>;
  interpret(message: unknown, userId: string): ChatChanges;
  /** Chats the agent is connected to right now: what a dropped socket may have missed. */
  connectedChats(api: KyInstance, userId: string): Promise<AcceptedChat[]>;
  /** A message to send now and then so the socket (and so the worker) stays alive. */
  keepAliveMessage: string;
}
