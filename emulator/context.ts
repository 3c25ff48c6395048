// What every route module receives: the shared stores and the server's own address.
import type { AuthStore, RateLimiter } from './auth-store';
import type { OAuthClient } from './directory';
import type { Reply } from './http';
import type { PlatformState } from './state';

/** What OAuth and every platform mode share. */
export interface AuthContext {
  auth: AuthStore;
  limiter: RateLimiter;
  clients: OAuthClient[];
  /** The OAuth scopes this platform mode knows; none requested grants them all. */
  scopes: readonly string[];
  /**
   * Genesys Cloud: the scopes the OAuth client is configured with, granted when a request names none
   * (its sign-in sends no scope parameter). Without it, a request naming no scope gets none.
   */
  clientScopes?: () => readonly string[];
  /** e.g. http://127.0.0.1:41234, known once the server listens. */
  baseUrl(): string;
}

/** The sessions-api mode's context. */
export interface EmulatorContext extends AuthContext {
  state: PlatformState;
}

/** Builds the platform's own error body for an answer the emulator's plumbing gives (404, 405, faults). */
export type ErrorReply = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  /** What a mode may word its own way: `scope` for `missing_scope`. */
  params?: { scope?: string },
) => Reply;

export const SESSION_COOKIE = 'emu_sid';
