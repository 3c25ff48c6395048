import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, signIn } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';
import { announceBothWays, quietPage, sessionsFor, stored, tabIdOf } from './support/harness';
import { sendAsContentScript } from './support/isolated';

// Pages the agent did not configure as the desktop, frames inside the desktop, and messages that
// claim to be someone else. Each case has a control on the real desktop that does start, so "no
// session" means refused, not "nothing happened yet".
describe('hostile pages and forged senders', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;
  let desktopTab: number;

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    browser = await launchExtension();
    await configure(browser, emulator); // desktopUrlPatterns: http://127.0.0.1/desktop*
    await signIn(browser, await quietPage(browser));
    desktop = await openDesktop(browser, emulator);
    desktopTab = await tabIdOf(browser, desktop);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  /** The control: the real desktop's top frame starts a session for another chat. */
  async function controlStarts() {
    const { id } = emulator.createConversation();
    await acceptChat(desktop, id);
    await expect.poll(async () => (await stored(browser, id))?.state).toBe('pending');
  }

  it('what Chromium puts in sender for our content script (logged once), and the router trusts only that', async () => {
    const worker = await browser.worker();
    await worker.evaluate(() => {
      const seen: unknown[] = [];
      (globalThis as unknown as { __senders: unknown[] }).__senders = seen;
      chrome.runtime.onMessage.addListener((message, sender) => void seen.push({ message, sender }));
    });
    const { id } = emulator.createConversation();
    await acceptChat(desktop, id);
    const last = () =>
      worker.evaluate(
        () =>
          (globalThis as unknown as { __senders: { sender: chrome.runtime.MessageSender }[] }).__senders.at(
            -1,
          )?.sender,
      );
    const sender = await waitUntil(last, (s) => s !== undefined, { what: 'a content-script message' });
    console.info(
      'sender of a content-script message:',
      JSON.stringify({ ...sender, tab: { id: sender?.tab?.id, url: sender?.tab?.url } }),
    );
    expect(sender).toMatchObject({
      id: browser.extensionId,
      url: desktop.url(),
      origin: new URL(emulator.url).origin,
      frameId: 0,
      documentId: expect.any(String),
      tab: { id: desktopTab, url: desktop.url() },
    });
    await expect.poll(async () => (await stored(browser, id))?.tabId).toBe(desktopTab);
  });

  it('a page outside desktopUrlPatterns that announces and builds the DOM starts nothing', async () => {
    const { id } = emulator.createConversation();
    // The very same desktop, served on a host the patterns do not name.
    const outside = await browser.context.newPage();
    await outside.goto(`${emulator.url.replace('127.0.0.1', 'localhost')}/desktop`);
    emulator.acceptConversation(id, 'agent-ada');
    await announceBothWays(outside, id);
    // Even a script of ours injected there is refused: the router checks sender.url itself.
    const [forged] = await sendAsContentScript(browser, await tabIdOf(browser, outside), {
      type: 'chat-accepted',
      payload: { conversationId: id, source: 'page-event' },
    });
    expect(forged?.reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    await controlStarts();
    expect(await stored(browser, id)).toBeUndefined();
    expect(sessionsFor(emulator, id)).toHaveLength(0);
    await outside.close();
  });

  it('an iframe inside the allowed desktop cannot start a session', async () => {
    const { id } = emulator.createConversation();
    // A frame showing a desktop URL the patterns allow, inside the allowed desktop.
    await desktop.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    }, `${emulator.url}/desktop`);
    const frame = desktop.frames().find((f) => f !== desktop.mainFrame()) ?? expect.unreachable('no frame');
    // The chat is really accepted by this agent, and the frame announces it.
    emulator.acceptConversation(id, 'agent-ada');
    await announceBothWays(frame, id);
    // The detector is registered for top frames only; a script of ours in the frame is refused too.
    const [inFrame, ...more] = await sendAsContentScript(
      browser,
      desktopTab,
      { type: 'chat-accepted', payload: { conversationId: id, source: 'dom-rule' } },
      { subframes: true },
    );
    expect(more).toEqual([]);
    expect(inFrame?.frameId).toBeGreaterThan(0);
    expect(inFrame?.reply).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender', message: expect.stringContaining('top frame') },
    });
    await controlStarts();
    expect(await stored(browser, id)).toBeUndefined();
    expect(sessionsFor(emulator, id)).toHaveLength(0);
    await desktop.evaluate(() => document.querySelector('iframe')?.remove());
  });

  it('a content-script message claiming another tab, URL or extension is judged by the real sender', async () => {
    const { id } = emulator.createConversation();
    emulator.acceptConversation(id, 'agent-ada');
    const claims = {
      conversationId: id,
      source: 'page-event',
      tabId: 424242,
      url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html',
      origin: 'https://elsewhere.example',
      id: 'abcdefghijklmnopabcdefghijklmnop',
      frameId: 0,
    };
    const [reply] = await sendAsContentScript(browser, desktopTab, {
      type: 'chat-accepted',
      payload: claims,
    });
    expect(reply?.reply).toMatchObject({ ok: true });
    await expect.poll(async () => (await stored(browser, id))?.state).toBe('pending');
    expect((await stored(browser, id))?.tabId).toBe(desktopTab); // the claimed 424242 is ignored
    // A content script, whatever it claims, cannot reach what only extension pages may ask.
    for (const type of [
      'get-status',
      'get-diagnostics',
      'start-session',
      'end-session',
      'sign-out',
      'set-auto-start',
    ]) {
      const payload = type.endsWith('session')
        ? { conversationId: id }
        : type === 'set-auto-start'
          ? { enabled: false }
          : {};
      const [refused] = await sendAsContentScript(browser, desktopTab, {
        type,
        payload,
        sender: { id: browser.extensionId },
      });
      expect(refused?.reply, type).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(await stored(browser, id)).toMatchObject({ state: 'pending' }); // end-session was refused
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it('web pages get no messaging API to our extension (externally_connectable matches nothing)', async () => {
    const api = await desktop.evaluate(() => {
      const runtime = (
        globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } }
      ).chrome?.runtime;
      return { sendMessage: typeof runtime?.sendMessage, connect: typeof runtime?.connect };
    });
    expect(api).toEqual({ sendMessage: 'undefined', connect: 'undefined' });
  });
});
