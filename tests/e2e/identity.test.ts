import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type GenesysEmulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, record, sendFromPage, signIn } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';
import { PopupPage } from './pages/popup';

// Issue 11, Identity 1 and 2 in real Chromium against the emulator: Sign out is final (a chat accepted
// afterwards is not started, and nothing signs the agent back in through the sign-in server's cookie),
// and a different agent at the same desk gets nothing of the previous agent's (their waiting start is
// never sent with the new token; the notification stream is reopened for the new agent).

const CREATE = 'POST /api/v2/conversations/cobrowse/sessions';
const signInTraffic = (log: { method: string; path: string }[]) =>
  log.filter((r) => r.path.startsWith('/oauth/authorize') || r.path === '/oauth/token');

describe('Sign out is final (sessions-api)', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    [emulator, browser] = await Promise.all([startEmulator({ control: true }), launchExtension()]);
    await configure(browser, emulator);
    await signIn(browser, await browser.openPopup(), 'agent-ada');
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('a chat accepted after Sign out is not started: no token request, no sign-in, no POST; the popup says so', async () => {
    const popup = await PopupPage.open(browser);
    await popup.button('Sign out').click();
    await popup.waitForText(popup.notice, 'Signed out — co-browse will not start');
    emulator.reset();

    // The sign-in server still has Ada's login cookie: before the fix, this accept signed her back in.
    const { id } = emulator.createConversation({ customerName: 'Pat' });
    // Grace's desktop: she accepts while Ada's session is gone, then signs in herself below.
    const desktop = await openDesktop(browser, emulator, '?agent=agent-grace');
    await acceptChat(desktop, id);
    await expect
      .poll(async () => (await record(browser, id)) as unknown)
      .toMatchObject({ state: 'not-started', cause: { code: 'signed-out' }, attempts: [] });
    const row = await popup.waitForRow(id, 'not-started');
    expect(await row.textContent()).toContain('Signed out when the chat was accepted');
    expect(await row.getByRole('button', { name: /^Start co-browse/ }).isVisible()).toBe(true);

    // A worker restart (resumeAll, the stream's reconnect) does not sign in either.
    await browser.stopWorker();
    await sendFromPage(popup.page, 'get-status');
    expect(await record(browser, id)).toMatchObject({ state: 'not-started' });
    const log = emulator.requestLog();
    expect(signInTraffic(log)).toEqual([]);
    expect(log.filter((r) => `${r.method} ${r.path}` === CREATE)).toEqual([]);
    expect(log.filter((r) => r.path.startsWith('/api/'))).toEqual([]);
    await desktop.close();
    await popup.page.close();
  });

  it('the next sign-in asks for a fresh login, so another agent can sign in; the set-aside chat waits for Start', async () => {
    const popup = await PopupPage.open(browser);
    const [id] = Object.keys(
      (await (await browser.worker()).evaluate(() => chrome.storage.local.get(null))) as Record<
        string,
        unknown
      >,
    )
      .filter((key) => key.startsWith('conv:'))
      .map((key) => key.slice('conv:'.length));
    // Without prompt=login the window would close at once on Ada's cookie, and Grace could not sign in.
    await signIn(browser, popup.page, 'agent-grace');
    await popup.waitForText(popup.userName, 'Grace Hopper');
    expect(await record(browser, id ?? '')).toMatchObject({ state: 'not-started' });
    expect(emulator.requestLog().filter((r) => `${r.method} ${r.path}` === CREATE)).toEqual([]);

    await (await popup.waitForRow(id ?? '', 'not-started'))
      .getByRole('button', { name: /^Start co-browse/ })
      .click();
    await expect.poll(async () => (await record(browser, id ?? ''))?.state).toBe('pending');
    expect(emulator.sessions().map((s) => s.initiator)).toEqual([{ type: 'agent', id: 'agent-grace' }]);
    await popup.page.close();
  });
});

describe('a different agent at the same desk (Genesys Cloud, detection from the notification stream)', () => {
  let emulator: GenesysEmulator;
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    [emulator, browser] = await Promise.all([
      startEmulator({ platform: 'genesys-cloud', control: true, heartbeatSeconds: 1 }),
      launchExtension(),
    ]);
    await configure(browser, emulator, { platform: 'genesys-cloud', scopes: [] });
    popup = await browser.openPopup();
    await signIn(browser, popup, 'agent-grace');
    await waitUntil(
      async () => emulator.openSockets(),
      (n) => n === 1,
      { what: "Grace's notification socket" },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const offers = (conversationId: string) =>
    emulator
      .requestLog()
      .filter((r) => r.method === 'POST' && r.path === `/api/v2/conversations/${conversationId}/cobrowse`);

  it("agent B signs in: A's waiting start is never sent with B's token, and the stream now reports B's chats", async () => {
    // Grace's token dies and her login cookie is gone: her next chat waits for her to sign in.
    emulator.expireAllTokens();
    await browser.context.clearCookies();
    const graces = emulator.createConversation({ customerName: 'Pat' });
    emulator.acceptConversation(graces.id, 'agent-grace');
    await expect
      .poll(async () => (await record(browser, graces.id))?.state, { timeout: 15_000 })
      .toBe('needs-sign-in');
    expect((await record(browser, graces.id)) as unknown).toMatchObject({ userId: 'agent-grace' });
    const channelsBefore = emulator
      .requestLog()
      .filter((r) => r.method === 'POST' && r.path === '/api/v2/notifications/channels').length;

    // Ada sits down and signs in (Grace never pressed Sign out). In the emulator only Ada may offer
    // co-browse, so she is the one whose chats must start.
    await signIn(browser, popup, 'agent-ada');
    await expect
      .poll(async () => (await record(browser, graces.id)) as unknown)
      .toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
    // The stream was reopened on a channel opened with Ada's token.
    await expect
      .poll(
        () =>
          emulator
            .requestLog()
            .filter((r) => r.method === 'POST' && r.path === '/api/v2/notifications/channels').length,
      )
      .toBe(channelsBefore + 1);
    await expect.poll(() => emulator.openSockets()).toBe(1);

    // Grace's chats no longer reach this desk; Ada's do, and start with her token.
    const gracesNext = emulator.createConversation();
    emulator.acceptConversation(gracesNext.id, 'agent-grace');
    const adas = emulator.createConversation();
    emulator.acceptConversation(adas.id, 'agent-ada');
    await expect
      .poll(async () => (await record(browser, adas.id))?.state, { timeout: 15_000 })
      .toBe('pending');
    expect((await record(browser, adas.id)) as unknown).toMatchObject({
      userId: 'agent-ada',
      source: 'notification',
    });
    expect(await record(browser, gracesNext.id)).toBeUndefined();
    expect(offers(graces.id).filter((r) => r.status !== 401)).toEqual([]);
    expect(offers(gracesNext.id)).toEqual([]);

    // The popup lists Ada's rows only.
    const page = await PopupPage.open(browser);
    await page.waitForRow(adas.id, 'pending');
    expect(await page.rowIds()).toEqual([adas.id]);
    await page.page.close();
  });

  it('Sign out closes the notification socket and forgets its channel', async () => {
    const page = await PopupPage.open(browser);
    await page.button('Sign out').click();
    await page.waitForText(page.notice, 'Signed out — co-browse will not start');
    await expect.poll(() => emulator.openSockets()).toBe(0);
    const stored = await (await browser.worker()).evaluate(() =>
      chrome.storage.session.get('notificationChannel'),
    );
    expect(stored).toEqual({});
    await page.page.close();
  });
});
