import type { KyInstance } from 'ky';
import { z } from 'zod';
import type { Cause } from '../../shared/causes';
import type { User } from '../../shared/messages';
import type { Settings } from '../../shared/settings';

export const RemoteState = z.enum(['pending', 'active', 'declined', 'expired', 'ended']);

/** A co-browse session as the worker tracks it, whatever the platform calls it. */
export interface RemoteSession {
  id: string;
  state: z.infer<typeof RemoteState>;
  conversationId: string;
  externalSessionId?: string;
  expiresAt?: string;
  joinUrl?: string;
  endReason?: string;
}

export interface StartRequest {
  conversationId: string;
  externalSessionId: string;
  user: User;
}

export interface DiagnoseContext extends StartRequest {
  scope: readonly string[];
}

/**
 * What the rest of the worker needs from a co-browse platform. Each implementation owns its
 * paths, payloads, response schemas and how it explains a refusal.
 */
export interface Platform {
  authorizeUrl(settings: Settings, params: { redirectUri: string; challenge: string; state: string }): string;
  tokenUrl(settings: Settings): string;
  fetchUser(api: KyInstance): Promise<User>;
  start(api: KyInstance, request: StartRequest): Promise<RemoteSession>;
  /** After a lost response: did the attempt create a session? */
  findByExternalId(api: KyInstance, request: StartRequest): Promise<RemoteSession | undefined>;
  get(api: KyInstance, sessionId: string): Promise<RemoteSession>;
  end(api: KyInstance, sessionId: string): Promise<void>;
  /** Runs the checks a generic refusal hides and names the first that fails. */
  diagnose(api: KyInstance, context: DiagnoseContext): Promise<Cause>;
}
