import { fakeBrowser } from '@webext-core/fake-browser';

export const API = 'http://127.0.0.1:9';
export const TOKEN = 'secret-token-value';

/** Valid settings and a usable token, as after the agent configured and signed in interactively. */
export async function signedInWorker(overrides: Record<string, unknown> = {}) {
  await fakeBrowser.storage.sync.set({
    settings: {
      authBaseUrl: API,
      apiBaseUrl: API,
      clientId: 'demo',
      desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
      ...overrides,
    },
  });
  await fakeBrowser.storage.session.set({
    auth: {
      accessToken: TOKEN,
      expiresAt: Date.now() + 3_600_000,
      scope: ['cobrowse:write'],
      user: { id: 'agent-ada', name: 'Ada Lovelace' },
      environment: API,
    },
  });
  await fakeBrowser.storage.local.set({ identity: boundIdentity() });
}

/** storage.local "identity" of an agent bound to the test hosts (what an interactive sign-in leaves). */
export function boundIdentity(overrides: Record<string, unknown> = {}) {
  return {
    userId: 'agent-ada',
    name: 'Ada Lovelace',
    authBaseUrl: API,
    apiBaseUrl: API,
    signedOut: false,
    ...overrides,
  };
}
