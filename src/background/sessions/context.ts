import type { KyInstance } from 'ky';
import { createClient } from '../api/client';
import { ensureAuth } from '../auth/sign-in';
import type { StoredAuth } from '../auth/token-store';
import { platformFor } from '../platform';
import type { Platform } from '../platform/types';
import { getSettings } from '../settings';

export interface ApiContext {
  platform: Platform;
  api: KyInstance;
  auth: StoredAuth;
}

/** The platform, an authorised client and the agent, for one step of work. Throws NeedsSignInError. */
export async function apiContext(options: { forceRefresh?: boolean } = {}): Promise<ApiContext> {
  const [auth, { settings }] = await Promise.all([ensureAuth(options), getSettings()]);
  return {
    platform: platformFor(settings),
    api: createClient({
      baseUrl: auth.environment,
      token: auth.accessToken,
      timeoutMs: settings.requestTimeoutMs,
    }),
    auth,
  };
}
