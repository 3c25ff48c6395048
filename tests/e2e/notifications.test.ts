import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, sendFromPage, signIn } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';
import { PopupPage } from './pages/popup';

/** The ids of the system notifications the extension has on screen, read from one of its own pages. */
async function shown(page: Page): Promise<string[]> {
  return Object.keys(await page.evaluate(() => chrome.notifications.getAll()));
}

/**
 * Issue 13 item 4: a failed start and a declined offer reach the agent as system notifications
 * (chrome.notifications), named after the customer, unless the agent turned them off.
 */
describe('system notifications for failures', () => {
  let browser: ExtensionBrowser;
  let emulator: Emulator;
  let popup: PopupPage;
  let desktop: Page;
  const SESSIONS = 'POST /api/v2/conversations/cobrowse/sessions';

  beforeAll(async () => {
    [browser, emulator] = await Promise.all([launchExtension(), startEmulator()]);
    await configure(browser, emulator);
    await signIn(browser, await browser.openPopup());
    popup = await PopupPage.open(browser);
    desktop = await openDesktop(browser, emulator);
    // Every notification the worker creates, with its words: getAll gives only ids and options
    // without a title, so the worker's calls are recorded too (the polyfill looks chrome.* up per call).
    const worker = await browser.worker();
    await worker.evaluate(() => {
      const log: unknown[] = [];
      (globalThis as unknown as { shownLog: unknown[] }).shownLog = log;
      const create = chrome.notifications.create.bind(chrome.notifications);
      chrome.notifications.create = ((id: string, options: chrome.notifications.NotificationOptions) => {
        log.push({ id, title: options.title, message: options.message });
        return create(id, options as chrome.notifications.NotificationCreateOptions);
      }) as typeof chrome.notifications.create;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  async function logged(): Promise<{ id: string; title: string; message: string }[]> {
    return (await browser.worker()).evaluate(
      () =>
        (globalThis as unknown as { shownLog: { id: string; title: string; message: string }[] }).shownLog,
    );
  }

  it('a refused start: a notification with the customer’s name and the cause in words', async () => {
    const id = emulator.createConversation({ customerName: 'Zoë Forbidden-Customer' }).id;
    emulator.injectFault(SESSIONS, { status: 403 });
    await acceptChat(desktop, id);
    await popup.waitForRow(id, 'failed');
    const all = await waitUntil(
      () => shown(popup.page),
      (notes) => notes.includes(`cobrowse:${id}`),
      { what: `a notification for ${id}` },
    );
    expect(all).toContain(`cobrowse:${id}`);
    const note = (await logged()).find((n) => n.id === `cobrowse:${id}`);
    expect(note?.title).toBe('Co-browse for Zoë Forbidden-Customer did not start');
    // The same sentence the popup's row shows under the failure.
    expect(note?.message).toBe(await popup.row(id).locator('.cause').textContent());
  });

  it('a declined offer: a notification naming the customer', async () => {
    const id = emulator.createConversation({ customerName: 'Ingrid Declining' }).id;
    await acceptChat(desktop, id);
    await popup.waitForRow(id, 'pending');
    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${id}`);
    await customer.getByRole('button', { name: 'Decline' }).click();
    await popup.waitForRow(id, 'declined');
    await waitUntil(
      () => shown(popup.page),
      (notes) => notes.includes(`cobrowse:${id}`),
      { what: `a notification for ${id}` },
    );
    const note = (await logged()).find((n) => n.id === `cobrowse:${id}`);
    expect(note?.title).toBe('Ingrid Declining declined co-browse');
    await customer.close();
  });

  it('none with the setting notifyFailures off, while the failure still shows in the popup', async () => {
    await configure(browser, emulator, { notifyFailures: false });
    const before = (await logged()).length;
    const id = emulator.createConversation({ customerName: 'Quiet Customer' }).id;
    emulator.injectFault(SESSIONS, { status: 403 });
    await acceptChat(desktop, id);
    await popup.waitForRow(id, 'failed');
    // The record write that would have notified has been handled: a later write of another
    // conversation is notified (setting back on), and still nothing for this one.
    await configure(browser, emulator, { notifyFailures: true });
    const later = emulator.createConversation({ customerName: 'Loud Customer' }).id;
    emulator.injectFault(SESSIONS, { status: 403 });
    await acceptChat(desktop, later);
    await waitUntil(
      () => shown(popup.page),
      (notes) => notes.includes(`cobrowse:${later}`),
      { what: `a notification for ${later}` },
    );
    expect(await shown(popup.page)).not.toContain(`cobrowse:${id}`);
    expect((await logged()).slice(before).map((n) => n.id)).toEqual([`cobrowse:${later}`]);
    const sent = await sendFromPage(popup.page, 'get-status', {});
    expect(sent.value.settings.notifyFailures).toBe(true);
  });

  // Issue 13 item 5: the desktop and the extension disagree about who the agent is.
  it('a chat another agent accepted: both named, Sign out offered instead of Retry', async () => {
    const id = emulator.createConversation({ customerName: 'Mia Shared-Desk' }).id;
    emulator.acceptConversation(id, 'agent-grace');
    await sendFromPage(popup.page, 'start-session', { conversationId: id });
    const row = await popup.waitForRow(id, 'failed');
    const sentence =
      'Accepted by Grace Hopper; you are signed in as Ada Lovelace: sign out, then sign in as the agent who accepted the chat.';
    expect(await row.locator('.cause').textContent()).toBe(sentence);
    expect(await row.locator('[data-action="retry"]').count()).toBe(0);
    await waitUntil(
      () => shown(popup.page),
      (notes) => notes.includes(`cobrowse:${id}`),
      { what: `a notification for ${id}` },
    );
    expect((await logged()).find((n) => n.id === `cobrowse:${id}`)?.message).toBe(sentence);
    // The names are shown, not exported: the diagnostics report carries the user ids only.
    const report = JSON.stringify(await sendFromPage(popup.page, 'get-diagnostics'));
    expect(report).toContain('agent-grace');
    expect(report).not.toContain('Grace Hopper');

    await row.getByRole('button', { name: 'Sign out: another agent accepted the chat with' }).click();
    await popup.waitForText(popup.userName, 'Not signed in');
  });
});
