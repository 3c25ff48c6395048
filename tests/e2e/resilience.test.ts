import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, record, sendFromPage, signIn } from './fixtures/flows';

const CREATE = 'POST /api/v2/conversations/cobrowse/sessions';

describe('sign-in, expiry, worker restarts and diagnosis', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    browser = await launchExtension();
    await configure(browser, emulator);
    popup = await browser.openPopup();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const creates = () => emulator.requestLog().filter((r) => `${r.method} ${r.path}` === CREATE);
  const stateOf = async (id: string) => (await record(browser, id))?.state;

  it('a chat accepted while signed out waits in needs-sign-in and starts once the agent signs in', async () => {
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect.poll(() => stateOf(conversation.id)).toBe('needs-sign-in');
    expect(creates()).toHaveLength(0);

    await signIn(browser, popup);
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    expect(creates()).toHaveLength(1);
    expect(emulator.sessions()[0]?.initiator).toEqual({ type: 'agent', id: 'agent-ada' });
    await desktop.close();
  });

  it('a token that expired on the server is renewed silently, then the start goes through', async () => {
    emulator.expireAllTokens();
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    expect(creates().map((r) => r.status)).toEqual([401, 201]);
    // The silent flow reused the platform's login cookie: no window, a new code, a new token.
    expect(emulator.requestLog().some((r) => r.path === '/oauth/token' && r.status === 200)).toBe(true);
    expect(browser.context.pages().some((p) => p.url().includes('/oauth/authorize'))).toBe(false);
    await desktop.close();
  });

  it('a worker stopped while its POST is in flight resumes by looking the attempt up: one session', async () => {
    emulator.injectFault(CREATE, { delayMs: 1_500, times: 1 });
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect
      .poll(async () => (await record(browser, conversation.id)) as unknown)
      .toMatchObject({
        state: 'starting',
        pendingExternalSessionId: expect.any(String),
      });
    await browser.stopWorker();
    // Any event wakes the worker; its top-level code resumes the interrupted start.
    const status = await sendFromPage(await browser.openOptions(), 'get-status');
    expect(status).toMatchObject({ ok: true });
    await expect.poll(() => stateOf(conversation.id), { timeout: 10_000 }).toBe('pending');
    await expect.poll(() => emulator.sessions().length).toBe(1);
    expect(emulator.sessions()[0]?.state).toBe('pending');
    await desktop.close();
  });

  it('a service (client-credentials) token is diagnosed as no-user-in-token, never a silent 400', async () => {
    const response = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'service-client',
        client_secret: 'service-secret',
        scope: 'cobrowse:write',
      }),
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const worker = await browser.worker();
    // What teams do by hand: put a service token where the agent's should be.
    await worker.evaluate(async (token) => {
      const { auth } = (await chrome.storage.session.get('auth')) as { auth: Record<string, unknown> };
      await chrome.storage.session.set({ auth: { ...auth, accessToken: token } });
    }, access_token);
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect
      .poll(async () => (await record(browser, conversation.id))?.cause?.code)
      .toBe('no-user-in-token');
    expect(emulator.sessions()).toHaveLength(0);
    await desktop.close();
    await signIn(browser, popup);
  });

  it('an ended conversation is diagnosed as conversation-ended', async () => {
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    emulator.endConversation(conversation.id);
    const desktop = await openDesktop(browser, emulator);
    await desktop.evaluate((id) => {
      window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
    }, conversation.id);
    await expect
      .poll(async () => (await record(browser, conversation.id))?.cause?.code)
      .toBe('conversation-ended');
    await desktop.close();
  });
});
