import { fakeBrowser } from '@webext-core/fake-browser';
import { afterAll, beforeEach, vi } from 'vitest';
import { forgetHostPermissions } from '../../src/background/auth/host-permission';
import { forgetIdentity } from '../../src/background/auth/identity';
import { forgetChangedAuth } from '../../src/background/auth/memos';
import { forgetAuth } from '../../src/background/auth/token-store';
import { forgetChats } from '../../src/background/sessions/chats';

// The real polyfill refuses to load outside an extension; the in-memory fake really stores values.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
(globalThis as unknown as { chrome: unknown }).chrome = fakeBrowser;

/** Host permissions as the manifest grants them: loopback http; other hosts only when a test grants them. */
export const grantedOrigins = new Set<string>();

beforeEach(() => {
  fakeBrowser.reset();
  grantedOrigins.clear();
  fakeBrowser.permissions.contains = async ({ origins = [] }) =>
    origins.every(
      (origin) => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/\*$/.test(origin) || grantedOrigins.has(origin),
    );
  // The worker keeps the token and identity in memory and drops them on a storage change
  // (background/index.ts, not loaded here): after reset() nothing stored is there any more.
  forgetAuth();
  forgetIdentity();
  forgetChats();
  // As background/index.ts does: a test that edits storage directly drops the copies too.
  fakeBrowser.storage.onChanged.addListener(forgetChangedAuth);
  forgetHostPermissions();
});

// Most unit files share one module graph and globals per worker (vitest.config.ts): what a file
// stubbed, spied on or froze must not reach the next file. This runs after each file.
afterAll(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.useRealTimers();
});
