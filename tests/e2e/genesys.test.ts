import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GenesysEmulator, startEmulator } from '../../emulator/server';
import { closeAll } from './fixtures/desk';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, openDesktop, record, sendFromPage, signIn } from './fixtures/flows';
import { offersPosted, streamOpen } from './fixtures/genesys';
import { PopupPage } from './pages/popup';
import { dumpExtensionStorage } from './support/dumps';

describe('Genesys Cloud: detection from the notification stream only', () => {
  let emulator: GenesysEmulator;
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    emulator = await startEmulator({
      platform: 'genesys-cloud',
      control: true,
      consentTtlSeconds: 3,
      heartbeatSeconds: 1,
    });
    browser = await launchExtension();
    await configure(browser, emulator, { platform: 'genesys-cloud', scopes: [] });
    popup = await browser.openPopup();
    await signIn(browser, popup);
    // An open popup holds this port; the worker then follows offers every second.
    await popup.evaluate(() => void chrome.runtime.connect({ name: 'live' }));
    await streamOpen(emulator);
  });
  afterAll(() => closeAll(browser, emulator));
  beforeEach(() => emulator.reset());

  const offers = () => offersPosted(emulator);
  const stateOf = async (id: string) => (await record(browser, id))?.state;
  const acceptOnDesktop = async (desktop: Page, id: string) =>
    desktop.getByTestId(`chat-${id}`).getByRole('button', { name: 'Accept' }).click();

  it('accept on an uninstrumented desktop → offer → customer accepts → active → conversation ends → ended', async () => {
    const conversation = emulator.createConversation({ customerName: 'Pat' });
    const desktop = await openDesktop(browser, emulator);
    await acceptOnDesktop(desktop, conversation.id);
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    expect((await record(browser, conversation.id)) as unknown).toMatchObject({ source: 'notification' });
    // Offered from the accept's own event (it is the conversation): no read of it went first.
    const path = `/api/v2/conversations/${conversation.id}`;
    const log = emulator.requestLog().map((r) => `${r.method} ${r.path}`);
    const offered = log.indexOf(`POST ${path}/cobrowse`);
    expect(offered).toBeGreaterThanOrEqual(0);
    expect(log.slice(0, offered)).not.toContain(`GET ${path}`);

    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${conversation.id}`);
    await customer.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => stateOf(conversation.id)).toBe('active');

    await desktop.getByTestId(`chat-${conversation.id}`).getByRole('button', { name: 'End' }).click();
    await expect.poll(() => stateOf(conversation.id)).toBe('ended');
    expect(offers()).toHaveLength(1);
    await Promise.all([desktop.close(), customer.close()]);
  });

  it('the row names the customer from the accept’s event (the desktop gives no name), kept in storage.session only', async () => {
    const name = 'Pat Genesys-Customer';
    const conversation = emulator.createConversation({ customerName: name });
    emulator.acceptConversation(conversation.id, 'agent-ada');
    const view = await PopupPage.open(browser);
    const row = await view.waitForRow(conversation.id, 'pending');
    await expect.poll(() => row.locator('.name').textContent()).toBe(name);
    expect(await row.locator('[data-action="copy"]').getAttribute('title')).toBe(conversation.id);

    const stored = await dumpExtensionStorage(await browser.worker());
    expect(JSON.stringify(stored.session)).toContain(name);
    expect(JSON.stringify(stored.local)).toContain(conversation.id); // the record is there, nameless
    for (const area of ['local', 'sync'] as const) expect(JSON.stringify(stored[area])).not.toContain(name);
    const diagnostics = JSON.stringify(await sendFromPage(popup, 'get-diagnostics'));
    expect(diagnostics).toContain(conversation.id);
    expect(diagnostics).not.toContain(name);
    await view.page.close();
  });

  it('an offer nobody answers expires', async () => {
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    await expect.poll(() => stateOf(conversation.id), { timeout: 10_000 }).toBe('expired');
    expect(emulator.sessions().map((s) => s.state)).toEqual(['expired']);
  });

  it('a dropped socket resumes, and a chat accepted while it was down starts once', async () => {
    const before = emulator.createConversation();
    emulator.acceptConversation(before.id, 'agent-ada');
    await expect.poll(() => stateOf(before.id)).toBe('pending');

    emulator.dropSockets();
    const during = emulator.createConversation();
    emulator.acceptConversation(during.id, 'agent-ada');
    // Reconnect (with backoff) and catch up on what the stream missed.
    await expect.poll(() => emulator.openSockets(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => stateOf(during.id), { timeout: 15_000 }).toBe('pending');
    expect(offers()).toHaveLength(2);
    expect(
      emulator
        .sessions()
        .map((s) => s.conversationId)
        .sort(),
    ).toEqual([before.id, during.id].sort());
  });

  it('a socket the platform closes gracefully is reopened', async () => {
    emulator.closeSocketsGracefully();
    await expect.poll(() => emulator.openSockets(), { timeout: 15_000 }).toBe(1);
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
  });

  it('a legacy chat (not web messaging) is recorded as not eligible, never offered', async () => {
    const conversation = emulator.createConversation({ mediaType: 'chat' });
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect
      .poll(async () => (await record(browser, conversation.id))?.cause)
      .toEqual({ code: 'not-eligible', detail: 'chat' });
    expect(emulator.sessions()).toHaveLength(0);
  });

  it('a restarted worker reconnects to its stored channel (no new channel) and still detects accepts', async () => {
    await browser.stopWorker();
    // Any extension event wakes the worker; its top-level code reconnects the stream.
    await sendFromPage(popup, 'get-status');
    const channelCalls = () =>
      emulator.requestLog().filter((r) => r.path.startsWith('/api/v2/notifications/channels'));
    await expect.poll(() => channelCalls().some((r) => r.method === 'PUT' && r.status === 200)).toBe(true);
    await expect.poll(() => emulator.openSockets()).toBe(1);
    expect(channelCalls().filter((r) => r.method === 'POST')).toHaveLength(0);
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
  });
});
