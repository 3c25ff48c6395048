// Issue 16 item 2 in real Firefox ESR: Genesys Cloud mode, where detection comes from the
// notification stream alone (a WebSocket held by the event page), as genesys.test.ts does in
// Chromium. One Firefox launch serves the file, in order: configure (storage.sync from the options
// page, as Save writes it: no machine policy, so this file can run beside any other but
// firefox.test.ts, which scripts/test.ts runs on its own), sign in, an accept seen as one offer, an
// idle event page that keeps its stream, and a terminated one that reconnects to its channel.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenesysEmulator, startEmulator } from '../../emulator/server';
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
import { DESKTOP_PATTERN } from './fixtures/flows';
import { offersPosted, streamOpen } from './fixtures/genesys';
import { waitUntil } from './fixtures/wait';

const IDLE_PREF = 'extensions.background.idle.timeout';
/**
 * Firefox's event page idle timeout for the whole file (the default is 30 s): anything that keeps the
 * page running only by luck shows here within seconds.
 */
const IDLE_MS = 3_000;
/** The stream pings every silence/4 (liveness.ts): 1.5 s here, half the idle timeout, as 20 s is of 30 s. */
const SILENCE_MS = 6_000;
const CHANNELS = '/api/v2/notifications/channels';

describe('Firefox ESR: Genesys Cloud, detection from the notification stream only', () => {
  let emulator: GenesysEmulator;
  let firefox: FirefoxExtension;
  let options: Page;

  beforeAll(async () => {
    emulator = await startEmulator({
      platform: 'genesys-cloud',
      control: true,
      extraRedirectUris: [REDIRECT_URI],
    });
    firefox = await launchFirefox({ prefs: { [IDLE_PREF]: IDLE_MS } });
    options = await firefox.openPage('src/options/index.html');
  });
  afterAll(async () => {
    await firefox?.close();
    await emulator?.close();
  });

  const stateOf = async (id: string) => (await storedRecord(options, id))?.state;
  const offersFor = (id: string) => offersPosted(emulator).filter((r) => r.path.includes(id));
  const channelCalls = () => emulator.requestLog().filter((r) => r.path.startsWith(CHANNELS));

  it('configured for Genesys Cloud through storage.sync and signed in, the event page opens the notification stream', async () => {
    await options.evaluate((settings) => chrome.storage.sync.set({ settings }), {
      platform: 'genesys-cloud',
      authBaseUrl: emulator.url,
      apiBaseUrl: emulator.url,
      clientId: emulator.clientId,
      desktopUrlPatterns: [DESKTOP_PATTERN],
      scopes: [],
      streamSilenceMs: SILENCE_MS,
    });
    await waitUntil(
      () => options.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts())[0]?.matches),
      (matches) => matches?.includes(DESKTOP_PATTERN) ?? false,
      { what: 'the desktop detector to be registered' },
    );
    // No machine policy: Firefox has no managed storage for the extension at all.
    expect(
      await options.evaluate(() =>
        chrome.storage.managed.get(null).then(
          () => 'a policy',
          (error: Error) => error.message,
        ),
      ),
    ).toBe('Managed storage manifest not found');
    expect(emulator.openSockets()).toBe(0);

    expect(await signIn(firefox, options)).toBe(REDIRECT_URI);
    await streamOpen(emulator);
    expect(channelCalls().filter((r) => r.method === 'POST' && r.path === CHANNELS)).toHaveLength(1);
  });

  it('an idle event page with the stream open stays running (its socket traffic makes API calls; Firefox counts no socket), and still detects an accept', async () => {
    const channelCallsBefore = channelCalls().length;
    // Nothing else happens now: no extension page talks to it, no desktop tab pings it, no start is
    // being followed (this runs before any accept). Three idle timeouts go by; the background must
    // be running at every look.
    const until = Date.now() + 3 * IDLE_MS;
    while (Date.now() < until) {
      expect(await firefox.backgroundState()).toBe('running');
      expect(emulator.openSockets()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(channelCalls()).toHaveLength(channelCallsBefore); // the same socket throughout, never reopened
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect.poll(() => stateOf(conversation.id), { timeout: 3_000 }).toBe('pending');
    expect(offersFor(conversation.id)).toHaveLength(1);
  });

  it('an accept on an uninstrumented desktop reaches the platform as exactly one offer; the popup row shows it', async () => {
    const conversation = emulator.createConversation({ customerName: 'Pat' });
    const popup = await firefox.openPage('src/popup/index.html');
    const desktop = await firefox.browser.newPage();
    await desktop.goto(`${emulator.url}/desktop`);
    // The vendor's desktop announces nothing: no page event, no DOM rule; only the stream can tell.
    await clickButton(desktop, `[data-testid="chat-${conversation.id}"]`, 'Accept');
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    expect(await storedRecord(options, conversation.id)).toMatchObject({ source: 'notification' });
    await expect.poll(() => rowState(popup, conversation.id)).toBe('pending');
    expect(offersFor(conversation.id)).toHaveLength(1);
    expect(emulator.sessions().filter((s) => s.conversationId === conversation.id)).toHaveLength(1);
    await Promise.all([desktop.close(), popup.close()]);
  });

  it('a terminated background reconnects to its stored channel (no new channel), catches up on an accept it missed, and detects the next', async () => {
    expect(await firefox.terminateBackground()).toBe('stopped');
    // Terminating the page closes its socket with it.
    await expect.poll(() => emulator.openSockets()).toBe(0);
    const before = channelCalls().length;
    // Accepted while nothing listens: only the catch-up after reconnecting can find it.
    const missed = emulator.createConversation();
    emulator.acceptConversation(missed.id, 'agent-ada');

    // Any extension event wakes the event page; its top-level code reconnects the stream.
    expect(await sendFromPage(options, 'get-status')).toMatchObject({ ok: true });
    await expect
      .poll(() =>
        channelCalls()
          .slice(before)
          .some((r) => r.method === 'PUT' && r.status === 200),
      )
      .toBe(true);
    await streamOpen(emulator);
    expect(channelCalls().filter((r) => r.method === 'POST' && r.path === CHANNELS)).toHaveLength(1);
    await expect.poll(() => stateOf(missed.id)).toBe('pending');
    const conversation = emulator.createConversation();
    emulator.acceptConversation(conversation.id, 'agent-ada');
    await expect.poll(() => stateOf(conversation.id)).toBe('pending');
    for (const id of [missed.id, conversation.id]) expect(offersFor(id)).toHaveLength(1);
  });

  it('signed out (no stream wanted), the same idle timeout does suspend the event page', async () => {
    // The control for the idle step: the shortened timeout is in force, and it is the stream that
    // kept the page running.
    expect(await sendFromPage(options, 'sign-out')).toMatchObject({ ok: true });
    await expect.poll(() => emulator.openSockets()).toBe(0);
    await expect.poll(() => firefox.backgroundState(), { timeout: 4 * IDLE_MS }).toBe('stopped');
  });
});
