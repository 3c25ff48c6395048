import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { openDesktop, record } from './fixtures/flows';
import { createsFor } from './support/harness';
import { rulesModeIn } from './support/rules-mode';

// Issue 11 item 9: DOM rules see the page as a single-page desktop really changes it. The desktop
// page is the emulator's (a matching URL, so the detector runs); the chat panels are drawn here the
// way such desktops do: a panel removed when the chat closes, a panel reused for the next chat.

describe('DOM rules follow panels that are removed or reused', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;

  signedInDesk((desk) => ({ emulator, browser } = desk), {
    // Page events off: only the DOM rule can report what happens here.
    settings: {
      detection: {
        pageEvent: false,
        domRules: [{ selector: '.chat-panel[data-chat-id]', conversationIdAttribute: 'data-chat-id' }],
      },
    },
    desktop: false,
  });
  beforeEach(async () => {
    await desktop?.close();
    desktop = await openDesktop(browser, emulator, '?announce=event');
  });

  /** A conversation the agent is connected to (accepted through the control API: not announced). */
  function acceptedConversation() {
    const { id } = emulator.createConversation();
    emulator.acceptConversation(id, 'agent-ada');
    return id;
  }

  const showPanel = (id: string) =>
    desktop.evaluate((chat) => {
      const panel = document.createElement('section');
      panel.className = 'chat-panel';
      panel.dataset.chatId = chat;
      panel.id = 'panel';
      document.body.append(panel);
    }, id);

  const rulesMode = async () => (await browser.worker()).evaluate(rulesModeIn, 'http://127.0.0.1/desktop*');

  it('in a visible desktop the rules run on the style sentinel: a panel drawn already matching is reported with no input', async () => {
    await expect.poll(rulesMode).toBe('sentinel');
    // The sentinel's sheet changes nothing on the page but the animation it runs.
    expect(await desktop.evaluate(() => getComputedStyle(document.documentElement).animationName)).toBe(
      'cobrowse-autostart-seen',
    );
    // No click, no key: in sentinel mode the page is swept only every 10 s, so each of these is
    // found within 3 s by the style engine's animationstart, not by a sweep that happens to fall.
    for (let i = 0; i < 3; i++) {
      const id = acceptedConversation();
      await desktop.evaluate((chat) => {
        const panel = document.createElement('section');
        panel.className = 'chat-panel';
        panel.dataset.chatId = chat;
        document.body.append(panel);
      }, id);
      await expect.poll(async () => (await record(browser, id))?.state, { timeout: 3_000 }).toBe('pending');
    }
  });

  it('a desktop that animates its panel itself keeps its animation; the net sweep finds the chat and the page goes back to sweeps', async () => {
    await expect.poll(rulesMode).toBe('sentinel');
    const drawAnimated = (chat: string) =>
      desktop.evaluate((id) => {
        if (!document.getElementById('own-animation')) {
          const style = document.createElement('style');
          style.id = 'own-animation';
          style.textContent =
            '@keyframes pulse { to { opacity: 0.5 } } .animated { animation: pulse 1s infinite; }';
          document.head.append(style);
        }
        const panel = document.createElement('section');
        panel.className = 'chat-panel animated';
        panel.dataset.chatId = id;
        panel.id = `panel-${id}`;
        document.body.append(panel);
        return getComputedStyle(panel).animationName;
      }, chat);
    const first = acceptedConversation();
    // The sentinel's stylesheet is a user one: the desktop's own animation wins, untouched, even
    // where the sentinel's selector is the more specific (an author one would win there).
    expect(await drawAnimated(first)).toBe('pulse');
    // Missed by the sentinel, found by the net (every 10 s in sentinel mode).
    await expect.poll(async () => (await record(browser, first))?.state, { timeout: 15_000 }).toBe('pending');
    await expect.poll(rulesMode).toBe('observer');
    // Back on sweeps: the next such panel is found right after the agent's click.
    const second = acceptedConversation();
    await drawAnimated(second);
    await desktop.mouse.click(5, 5);
    await expect.poll(async () => (await record(browser, second))?.state, { timeout: 3_000 }).toBe('pending');
  });

  it('a panel removed from the page ends its chat and its session', async () => {
    const id = acceptedConversation();
    await showPanel(id);
    await expect.poll(async () => (await record(browser, id))?.state).toBe('pending');
    // The desktop closes the panel; no attribute changes, no page event: only the removal.
    await desktop.evaluate(() => document.getElementById('panel')?.remove());
    await expect.poll(async () => (await record(browser, id))?.state, { timeout: 8_000 }).toBe('ended');
    expect(await record(browser, id)).toMatchObject({ chatEnded: true, endReason: 'agent-ended' });
    expect(emulator.sessions().find((s) => s.conversationId === id)?.state).toBe('ended');
  });

  it('a reused panel now showing another chat ends the old one and starts the new one', async () => {
    const first = acceptedConversation();
    const second = acceptedConversation();
    await showPanel(first);
    await expect.poll(async () => (await record(browser, first))?.state).toBe('pending');
    await desktop.evaluate((chat) => {
      const panel = document.getElementById('panel');
      if (panel) panel.dataset.chatId = chat;
    }, second);
    await expect.poll(async () => (await record(browser, second))?.state).toBe('pending');
    await expect.poll(async () => (await record(browser, first))?.state).toBe('ended');
    expect(createsFor(emulator, first)).toHaveLength(1);
    expect(createsFor(emulator, second)).toHaveLength(1);
  });
});
