import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server';
import {
  clickButton,
  type FirefoxExtension,
  launchFirefox,
  REDIRECT_URI,
  rowState,
  sendFromPage,
  signIn,
  storedRecord,
} from './fixtures/firefox';
import { waitUntil } from './fixtures/wait';
import { CREATE, createsFor, LIST, sessionsFor } from './support/harness';
import { rulesModeIn } from './support/rules-mode';

// One Firefox ESR launch (about 20 s on this machine) serves the whole suite, in order: the admin's
// policy and the agent's settings, sign-in, a start seen in the popup from pending to ended, a
// terminated background mid-start, and hostile pages. Each step relies only on the previous ones'
// end state (signed in, configured), as an agent's day would.
const DESKTOP_PATTERN = 'http://127.0.0.1/desktop*';

describe('Firefox ESR (event page, WebDriver BiDi)', () => {
  let emulator: Emulator;
  let firefox: FirefoxExtension;
  let options: Page;
  let desktop: Page;
  const managed = () => ({ clientId: emulator.clientId, desktopUrlPatterns: [DESKTOP_PATTERN] });

  beforeAll(async () => {
    emulator = await startEmulator({ control: true, extraRedirectUris: [REDIRECT_URI] });
    firefox = await launchFirefox({ policy: managed() });
    options = await firefox.openPage('src/options/index.html');
  });
  afterAll(async () => {
    await firefox?.close();
    await emulator?.close();
  });

  const acceptOnDesktop = async (id: string) => {
    await clickButton(desktop, `[data-testid="chat-${id}"]`, 'Accept');
    await expect.poll(() => storedRecord(options, id).then((r) => r?.state)).toBe('pending');
  };

  it('reads the admin policy (policies.json 3rdparty) as storage.managed, locks those fields, and shows its redirect URI', async () => {
    expect(await options.evaluate(() => chrome.storage.managed.get(null))).toEqual(managed());
    const field = (id: string) =>
      options.evaluate((i) => {
        const input = document.getElementById(i) as HTMLInputElement | HTMLTextAreaElement;
        return { value: input.value, disabled: input.disabled };
      }, id);
    await expect.poll(() => field('clientId')).toEqual({ value: emulator.clientId, disabled: true });
    expect(await field('apiBaseUrl')).toMatchObject({ disabled: false });
    expect(await field('redirect-uri')).toMatchObject({ value: REDIRECT_URI });

    // The agent's own part, as Save writes it; the managed keys win over anything stored.
    await options.evaluate(
      (url) =>
        chrome.storage.sync.set({
          settings: { authBaseUrl: url, apiBaseUrl: url, clientId: 'users-own' },
        }),
      emulator.url,
    );
    const registered = () =>
      options.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts())[0]?.matches);
    await expect.poll(registered).toEqual([DESKTOP_PATTERN]);
    const status = (await sendFromPage(options, 'get-status')) as {
      value: { settings: { clientId: string } };
    };
    expect(status.value.settings.clientId).toBe(emulator.clientId);
  });

  it('signs in through identity.launchWebAuthFlow with the allizom.org redirect URI', async () => {
    expect(await signIn(firefox, options)).toBe(REDIRECT_URI);
  });

  it('accept → exactly one POST with the right payload; the popup shows pending → active → ended', async () => {
    const conversation = emulator.createConversation({ customerName: 'Grace' });
    desktop = await firefox.browser.newPage();
    await desktop.goto(`${emulator.url}/desktop`);
    const popup = await firefox.openPage('src/popup/index.html');
    await acceptOnDesktop(conversation.id);

    const posts = createsFor(emulator, conversation.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({
      initiator: { type: 'agent', id: 'agent-ada' },
      target: { type: 'customer', conversationId: conversation.id },
      externalSessionId: expect.any(String),
    });
    expect(sessionsFor(emulator, conversation.id)).toMatchObject([
      {
        state: 'pending',
        externalSessionId: (posts[0]?.body as { externalSessionId?: string } | undefined)?.externalSessionId,
      },
    ]);
    await expect.poll(() => rowState(popup, conversation.id)).toBe('pending');

    const customer = await firefox.browser.newPage();
    await customer.goto(`${emulator.url}/customer/${conversation.id}`);
    await clickButton(customer, '[data-testid="cobrowse-prompt"]:not([hidden])', 'Allow');
    await expect.poll(() => sessionsFor(emulator, conversation.id)[0]?.state).toBe('active');
    await expect.poll(() => rowState(popup, conversation.id), { timeout: 15_000 }).toBe('active');

    await clickButton(desktop, `[data-testid="chat-${conversation.id}"]`, 'End');
    await expect.poll(() => rowState(popup, conversation.id), { timeout: 15_000 }).toBe('ended');
    expect(emulator.sessions().find((s) => s.conversationId === conversation.id)?.state).toBe('ended');
    expect(createsFor(emulator, conversation.id)).toHaveLength(1);
    await Promise.all([customer.close(), popup.close()]);
  });

  it('DOM rules run on the style sentinel in a visible desktop: an element drawn already matching starts with no input', async () => {
    await desktop.bringToFront();
    const rulesMode = () => options.evaluate(rulesModeIn, 'http://127.0.0.1/desktop*');
    await expect.poll(rulesMode).toBe('sentinel');
    // No click, no key: with the sentinel the page is swept only every 10 s, so each of these is
    // found within 3 s by Firefox's animationstart (see tests/e2e/dom-rules.test.ts).
    for (let i = 0; i < 3; i++) {
      const { id } = emulator.createConversation();
      emulator.acceptConversation(id, 'agent-ada');
      await desktop.evaluate((chat) => {
        const element = document.createElement('div');
        element.setAttribute('data-cobrowse-conversation-id', chat);
        element.setAttribute('data-cobrowse-state', 'accepted');
        document.body.append(element);
      }, id);
      await expect
        .poll(() => storedRecord(options, id).then((r) => r?.state), { timeout: 3_000 })
        .toBe('pending');
    }
  });

  it('a background terminated while its POST is in flight wakes, looks the attempt up, and keeps one session', async () => {
    emulator.injectFault(CREATE, { delayMs: 1_500, times: 1 });
    const { id } = emulator.createConversation();
    await clickButton(desktop, `[data-testid="chat-${id}"]`, 'Accept');
    await waitUntil(
      async () => emulator.requestLog().some((r) => `${r.method} ${r.path}` === CREATE && r.status === null),
      (held) => held,
      { what: 'the create POST to be held by the delay' },
    );
    expect(await firefox.terminateBackground()).toBe('stopped');
    // Firefox aborts the dead page's fetch, so whether the platform ever created the session is
    // unknown to the extension: the attempt must be looked up before anything is re-sent.

    // Any extension event wakes the event page; this message is what the popup sends first.
    expect(await sendFromPage(options, 'get-status')).toMatchObject({ ok: true });
    expect(await firefox.backgroundState()).toBe('running');
    await expect.poll(() => storedRecord(options, id).then((r) => r?.state)).toBe('pending');
    const [session, ...more] = sessionsFor(emulator, id);
    expect(more).toEqual([]);
    expect(await storedRecord(options, id)).toMatchObject({ sessionId: session?.id });
    const log = emulator.requestLog().map((r) => `${r.method} ${r.path}`);
    expect(log.lastIndexOf(LIST)).toBeGreaterThan(log.indexOf(CREATE)); // looked up after the restart
    expect(createsFor(emulator, id).filter((r) => r.status === 201)).toHaveLength(1);
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it('a page outside the desktop patterns, and a frame inside the desktop, start nothing', async () => {
    const outsider = emulator.createConversation();
    const framed = emulator.createConversation();
    emulator.acceptConversation(outsider.id, 'agent-ada');
    emulator.acceptConversation(framed.id, 'agent-ada');
    const announceBothWays = (id: string) => {
      window.dispatchEvent(new CustomEvent('cobrowse:chat-accepted', { detail: { conversationId: id } }));
      const el = document.createElement('div');
      el.setAttribute('data-cobrowse-conversation-id', id);
      el.setAttribute('data-cobrowse-state', 'accepted');
      document.body.append(el);
    };
    // The same desktop on a host the patterns do not name.
    const outside = await firefox.browser.newPage();
    await outside.goto(`${emulator.url.replace('127.0.0.1', 'localhost')}/desktop`);
    await outside.evaluate(announceBothWays, outsider.id);
    // A frame on an allowed desktop URL, inside the allowed desktop.
    await desktop.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    }, `${emulator.url}/desktop`);
    const frame = desktop.frames().find((f) => f !== desktop.mainFrame());
    if (!frame) throw new Error('the desktop shows no frame');
    await frame.evaluate(announceBothWays, framed.id);
    // Web pages get no extension messaging API in Firefox at all.
    expect(await outside.evaluate(() => typeof (globalThis as { browser?: unknown }).browser)).toBe(
      'undefined',
    );

    // The control: the real desktop's top frame does start, so "nothing" below means refused.
    const control = emulator.createConversation();
    await acceptOnDesktop(control.id);
    for (const id of [outsider.id, framed.id]) {
      expect(await storedRecord(options, id)).toBeUndefined();
      expect(sessionsFor(emulator, id)).toHaveLength(0);
    }
    await outside.close();
  });
});
