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
    api: clientFor(auth.environment, auth.accessToken, settings.requestTimeoutMs),
    auth,
  };
}

/** The last client made, reused while its URL, token and timeout stay the same (worker memory only). */
let last: { key: string; api: KyInstance } | undefined;

function clientFor(baseUrl: string, token: string, timeoutMs: number): KyInstance {
  const key = JSON.stringify([baseUrl, token, timeoutMs]);
  if (last?.key !== key) last = { key, api: createClient({ baseUrl, token, timeoutMs }) };
  return last.api;
}
