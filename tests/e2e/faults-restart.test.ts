import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { acceptChat, openDesktop, signIn } from './fixtures/flows';
import { PopupPage } from './pages/popup';
import {
  announce,
  ask,
  CREATE,
  createsFor,
  fromExtension,
  held,
  LIST,
  quietPage,
  recordConsole,
  sessionsFor,
  stored,
  USERS_ME,
} from './support/harness';

// The worker is stopped (CDP ServiceWorker.stopWorker, as Chrome does when idle) at each step of a
// start, and the browser is restarted with a start pending. Each case ends with exactly one session
// on the platform, adopted by the record, and the popup (opened after the restart, which is what
// wakes the worker) shows it as pending.
describe('worker and browser restarts during a start', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;
  const relaunch = signedInDesk((desk) => ({ emulator, browser, desktop } = desk));

  /** After the restart: the popup shows the row pending, and the record holds the one session. */
  async function expectOneAdoptedSession(id: string) {
    const popup = await PopupPage.open(browser);
    await popup.waitForRow(id, 'pending');
    const sessions = sessionsFor(emulator, id);
    expect(sessions).toHaveLength(1);
    expect(createsFor(emulator, id).filter((r) => r.status === 201)).toHaveLength(1);
    expect(await stored(browser, id)).toMatchObject({ state: 'pending', sessionId: sessions[0]?.id });
    await popup.page.close();
  }

  it('stopped before the POST, while the silent re-auth waits on users/me', async () => {
    const { id } = emulator.createConversation();
    // The stored token looks expired, so the start first re-authenticates silently.
    await (await browser.worker()).evaluate(async () => {
      const { auth } = (await chrome.storage.session.get('auth')) as { auth: object };
      await chrome.storage.session.set({ auth: { ...auth, expiresAt: Date.now() - 1_000 } });
    });
    emulator.injectFault(USERS_ME, { delayMs: 4_000, times: 1 });
    await acceptChat(desktop, id);
    await expect.poll(() => held(emulator, USERS_ME)).toBe(true);
    // The accept must already be on disk: nothing else would remember it after the restart.
    expect(await stored(browser, id)).toMatchObject({ state: 'starting' });
    expect(createsFor(emulator, id)).toHaveLength(0);

    await browser.stopWorker();
    await expectOneAdoptedSession(id);
  });

  it('stopped while the POST is in flight', async () => {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, { delayMs: 2_000, times: 1 });
    await acceptChat(desktop, id);
    await expect.poll(() => held(emulator, CREATE)).toBe(true);
    expect((await stored(browser, id))?.pendingExternalSessionId).toEqual(expect.any(String));

    await browser.stopWorker();
    await expectOneAdoptedSession(id);
  });

  it('stopped after the server created the session, before the worker learnt of it', async () => {
    const { id } = emulator.createConversation();
    // The answer is lost; the worker then looks its attempt up, and that lookup is held.
    emulator.injectFault(CREATE, { closeAfterCommit: true, times: 1 });
    emulator.injectFault(LIST, { delayMs: 4_000, times: 1 });
    await acceptChat(desktop, id);
    await expect.poll(() => held(emulator, LIST)).toBe(true);
    const [session] = sessionsFor(emulator, id);
    const before = await stored(browser, id);
    expect(before).toMatchObject({ state: 'starting', pendingExternalSessionId: session?.externalSessionId });
    expect(before?.sessionId).toBeUndefined();

    await browser.stopWorker();
    await expectOneAdoptedSession(id);
  });

  it('a browser restart with one session pending and one start in flight: no crash, no duplicate', async () => {
    const live = emulator.createConversation();
    const inFlight = emulator.createConversation();
    await acceptChat(desktop, live.id);
    await expect.poll(async () => (await stored(browser, live.id))?.state).toBe('pending');
    emulator.injectFault(CREATE, { delayMs: 3_000, times: 1 });
    await acceptChat(desktop, inFlight.id);
    await expect.poll(() => held(emulator, CREATE)).toBe(true);

    browser = await relaunch();
    const lines = recordConsole(browser.context);
    const page = await quietPage(browser);
    const worker = await browser.worker();
    expect(await ask(page, 'get-status')).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(await worker.evaluate(() => chrome.storage.session.get('auth'))).toEqual({});
    // The platform's login cookie was a session cookie: silent sign-in needs the agent now.
    await expect
      .poll(async () => (await stored(browser, inFlight.id))?.state, { timeout: 15_000 })
      .toBe('needs-sign-in');
    expect((await stored(browser, live.id))?.state).toBe('pending');

    // Two reloaded desktop tabs announce one chat each; the worker notes each tab's chat (so it
    // heard both) and starts nothing.
    const desktops = [await openDesktop(browser, emulator), await openDesktop(browser, emulator)];
    await announce(desktops[0] as Page, 'accepted', live.id);
    await announce(desktops[1] as Page, 'accepted', inFlight.id);
    await expect
      .poll(async () =>
        Object.values((await worker.evaluate(() => chrome.storage.session.get('tabChats'))).tabChats ?? {}),
      )
      .toEqual(expect.arrayContaining([live.id, inFlight.id]));
    expect((await stored(browser, inFlight.id))?.state).toBe('needs-sign-in');
    expect(createsFor(emulator, live.id)).toHaveLength(1);

    await signIn(browser, page);
    await expect.poll(async () => (await stored(browser, inFlight.id))?.state).toBe('pending');
    for (const id of [live.id, inFlight.id]) {
      const sessions = sessionsFor(emulator, id);
      expect(sessions).toHaveLength(1);
      expect((await stored(browser, id))?.sessionId).toBe(sessions[0]?.id);
    }
    expect(lines.filter(fromExtension(browser.extensionId)).filter((l) => l.type === 'error')).toEqual([]);
  });
});
