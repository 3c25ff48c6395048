import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { EXTENSION_ID, type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, record, signIn } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';
import { createsFor } from './support/harness';

// Issue 11 item 11: after an update or reload, Chrome does not put a registered content script into
// tabs that are already open, and the old detector there is cut off from the new worker. The worker
// injects the detector into open desktop tabs itself (scripting.executeScript), so an agent whose
// desktop stayed open through an update still gets co-browse on the next accept, without reloading it.

describe('extension reload with the desktop already open', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    // Developer mode on, as for anyone who loads an unpacked build: without it Chromium disables a
    // command-line extension that reloads itself (DISABLE_UNSUPPORTED_DEVELOPER_EXTENSION).
    const userDataDir = mkdtempSync(join(tmpdir(), 'cobrowse-e2e-'));
    mkdirSync(join(userDataDir, 'Default'));
    writeFileSync(
      join(userDataDir, 'Default', 'Preferences'),
      JSON.stringify({ extensions: { ui: { developer_mode: true } } }),
    );
    browser = await launchExtension({ userDataDir });
    await configure(browser, emulator);
    await signIn(browser, await browser.openOptions());
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('an accept in a desktop tab opened before the reload starts a session, once', async () => {
    const desktop = await openDesktop(browser, emulator);
    const before = emulator.createConversation();
    await acceptChat(desktop, before.id);
    await expect.poll(async () => (await record(browser, before.id))?.state).toBe('pending');

    // What an update does to a running extension: the worker and every extension context are replaced.
    const ours = () =>
      browser.context
        .serviceWorkers()
        .filter((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
    const known = new Set(ours());
    const replaced = browser.context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`) && !known.has(w),
    });
    // The worker's context dies with the reload, so the call cannot report back.
    await (await browser.worker())
      .evaluate(() => chrome.runtime.reload())
      .catch((error: Error) => console.log('reload:', error.message));
    const worker = await replaced;
    // storage.session (the token) is cleared by a reload: the agent signs in again, silently here.
    await waitUntil(
      () => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()).catch(() => []),
      (scripts) => scripts.length > 0,
      { what: 'the detector registered again after the reload' },
    );
    await signIn(browser, await browser.openOptions());

    // The desktop page was not reloaded: only an injected detector can see this accept.
    const after = emulator.createConversation();
    await acceptChat(desktop, after.id);
    await expect
      .poll(async () => (await record(browser, after.id))?.state, { timeout: 8_000 })
      .toBe('pending');
    expect(createsFor(emulator, after.id)).toHaveLength(1);
    // One detector per page, even when it is injected again (a tab loading during the update gets
    // both the registered script and the injected one).
    const inTab = (inject: boolean) =>
      worker.evaluate(async (again) => {
        const [tab] = await chrome.tabs.query({ url: 'http://127.0.0.1/desktop*' });
        const target = { tabId: tab?.id ?? -1 };
        if (again) await chrome.scripting.executeScript({ target, files: ['content.js'] });
        const [result] = await chrome.scripting.executeScript({
          target,
          func: () => (globalThis as { __cobrowseDetectors?: number }).__cobrowseDetectors ?? 0,
        });
        return result?.result;
      }, inject);
    expect(await inTab(false)).toBe(1);
    expect(await inTab(true)).toBe(1);
  });
});
