import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { acceptChat, configure, openDesktop, record, sendFromPage, signIn } from './fixtures/flows';

const CREATE = 'POST /api/v2/conversations/cobrowse/sessions';

describe('auto-start on chat accept (sessions-api)', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
    browser = await launchExtension();
    await configure(browser, emulator);
    popup = await browser.openPopup();
    await signIn(browser, popup);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const creates = () => emulator.requestLog().filter((r) => `${r.method} ${r.path}` === CREATE);

  it('accept → pending with no click → customer allows → active → chat ends → ended', async () => {
    const conversation = emulator.createConversation({ customerName: 'Grace' });
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);

    await expect.poll(() => emulator.sessions().map((s) => s.state)).toEqual(['pending']);
    const [session] = emulator.sessions();
    expect(session).toMatchObject({
      conversationId: conversation.id,
      initiator: { type: 'agent', id: 'agent-ada' },
    });
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');

    const customer = await browser.context.newPage();
    await customer.goto(`${emulator.url}/customer/${conversation.id}`);
    await customer.getByRole('button', { name: 'Allow' }).click();
    // An open popup holds this port; the worker then polls every second.
    await popup.evaluate(() => void chrome.runtime.connect({ name: 'live' }));
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('active');
    const badge = async () => (await browser.worker()).evaluate(() => chrome.action.getBadgeText({}));
    await expect.poll(badge).toBe('1');

    await desktop.getByTestId(`chat-${conversation.id}`).getByRole('button', { name: 'End' }).click();
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('ended');
    expect(emulator.sessions()[0]?.state).toBe('ended');
    await expect.poll(badge).toBe('');
    expect(creates()).toHaveLength(1);
    await Promise.all([desktop.close(), customer.close()]);
  });

  it.each(['event', 'dom'] as const)('detects the accept from the %s source alone', async (announce) => {
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator, `?announce=${announce}`);
    await acceptChat(desktop, conversation.id);
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');
    const expected = announce === 'event' ? 'page-event' : 'dom-rule';
    expect((await record(browser, conversation.id)) as unknown).toMatchObject({ source: expected });
    await desktop.close();
  });

  it('two desktop tabs and both sources give exactly one session', async () => {
    const conversation = emulator.createConversation();
    const [a, b] = await Promise.all([openDesktop(browser, emulator), openDesktop(browser, emulator)]);
    await acceptChat(a, conversation.id);
    // The second tab re-announces the same chat both ways, as a reloaded desktop would.
    await b.evaluate((id) => {
      window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
      const el = document.createElement('div');
      el.setAttribute('data-cobrowse-conversation-id', id);
      el.setAttribute('data-cobrowse-state', 'accepted');
      document.body.append(el);
    }, conversation.id);
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');
    await expect
      .poll(
        () => emulator.requestLog().filter((r) => r.path.startsWith('/api/v2/conversations/cobrowse')).length,
      )
      .toBeGreaterThan(0);
    expect(creates()).toHaveLength(1);
    expect(emulator.sessions()).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it.each(['running', 'stopped'] as const)(
    'two desktop tabs announcing at the same moment, before any answer, worker %s: exactly one POST',
    async (worker) => {
      // The platform holds the first POST for 1.5 s, so both announcements reach the worker while the
      // first start is still in flight. With the worker stopped, both wake it and meet its records
      // before they are loaded from storage: only the per-conversation lock keeps the second from posting.
      emulator.injectFault(CREATE, { delayMs: 1_500, times: 2 });
      const conversation = emulator.createConversation();
      emulator.acceptConversation(conversation.id, 'agent-ada'); // not announced by the open desktops
      const [a, b] = await Promise.all([openDesktop(browser, emulator), openDesktop(browser, emulator)]);
      await Promise.all([a, b].map((tab) => tab.waitForSelector('body[data-ready="true"]')));
      if (worker === 'stopped') await browser.stopWorker();
      const fire = (tab: Page) =>
        tab.evaluate((id) => {
          window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
        }, conversation.id);
      await Promise.all([fire(a), fire(b)]);
      await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');
      expect(creates()).toHaveLength(1);
      expect(emulator.sessions()).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
    },
  );

  it('DOM rule: only the watched attribute changes (no click, no insertion), for 50 ms: detected', async () => {
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    const desktop = await openDesktop(browser, emulator, '?announce=event');
    await desktop.waitForSelector('body[data-ready="true"]');
    // An element that does not match yet; the detector's periodic sweep would find it only while it
    // matches, and it matches for 50 ms of the sweep's 2 s period: only the attribute observer sees it.
    await desktop.evaluate((id) => {
      const el = document.createElement('div');
      el.id = 'watched';
      el.setAttribute('data-cobrowse-conversation-id', id);
      el.setAttribute('data-cobrowse-state', 'offered');
      document.body.append(el);
    }, conversation.id);
    await desktop.evaluate(
      () =>
        new Promise<void>((done) => {
          const el = document.getElementById('watched') as HTMLElement;
          el.setAttribute('data-cobrowse-state', 'accepted');
          setTimeout(() => {
            el.setAttribute('data-cobrowse-state', 'wrapped-up');
            done();
          }, 50);
        }),
    );
    await expect
      .poll(async () => (await record(browser, conversation.id)) as unknown)
      .toMatchObject({ source: 'dom-rule' });
    expect(creates()).toHaveLength(1);
    await desktop.close();
  });

  it('waits out a 429 with Retry-After, then starts', async () => {
    emulator.injectFault(CREATE, { status: 429, retryAfter: 1, times: 1 });
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect
      .poll(async () => (await record(browser, conversation.id))?.state, { timeout: 10_000 })
      .toBe('pending');
    const [first, second] = creates();
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(201);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
    await desktop.close();
  });

  it('a response lost after the server created the session gives one session, no duplicate', async () => {
    emulator.injectFault(CREATE, { closeAfterCommit: true, times: 1 });
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    await acceptChat(desktop, conversation.id);
    await expect.poll(async () => (await record(browser, conversation.id))?.state).toBe('pending');
    expect(emulator.sessions()).toHaveLength(1);
    // Chromium itself may re-send a POST whose reused connection closed unanswered; the copy is
    // refused by the platform (externalSessionId already used) and creates nothing.
    expect(creates().filter((r) => r.status === 201)).toHaveLength(1);
    await desktop.close();
  });

  it('explains a refusal: an agent who is not a participant gets agent-not-connected', async () => {
    const conversation = emulator.createConversation();
    const desktop = await openDesktop(browser, emulator);
    // The desktop announces a chat the platform never saw this agent accept.
    await desktop.evaluate((id) => {
      window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
    }, conversation.id);
    await expect
      .poll(async () => (await record(browser, conversation.id))?.cause?.code)
      .toBe('agent-not-connected');
    expect(emulator.sessions()).toHaveLength(0);
    await desktop.close();
  });

  it('refuses messages that claim to be the content script from an extension page', async () => {
    const reply = await sendFromPage(popup, 'chat-accepted', { conversationId: 'c-x', source: 'page-event' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});
