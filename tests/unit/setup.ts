import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, vi } from 'vitest';

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
});
