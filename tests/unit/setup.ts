import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, vi } from 'vitest';

// The real polyfill refuses to load outside an extension; the in-memory fake really stores values.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
(globalThis as unknown as { chrome: unknown }).chrome = fakeBrowser;

beforeEach(() => {
  fakeBrowser.reset();
});
