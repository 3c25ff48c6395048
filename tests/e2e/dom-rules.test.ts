import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { openDesktop, record } from './fixtures/flows';
import { createsFor } from './support/harness';

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
