// What every route module receives: the shared stores and the server's own address.
import type { AuthStore, RateLimiter } from './auth-store';
import type { OAuthClient } from './directory';
import type { PlatformState } from './state';

export interface EmulatorContext {
  state: PlatformState;
  auth: AuthStore;
  limiter: RateLimiter;
  clients: OAuthClient[];
  /** e.g. http://127.0.0.1:41234, known once the server listens. */
  baseUrl(): string;
}

export const SESSION_COOKIE = 'emu_sid';
