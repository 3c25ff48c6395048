// Issue 12 item 7 in real Chromium: the notification stream as Genesys documents it. One channel,
// extended by re-subscribing before it expires; one socket per channel; a half-open socket (no
// heartbeat, no pong) reopened with a catch-up; the 21st channel evicting ours, replaced by exactly
// one; a 403 for a missing scope retried with backoff, not in a loop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GenesysEmulator, startEmulator } from '../../emulator/server';
import { type ExtensionBrowser, launchExtension } from './fixtures/extension';
import { configure, record, signIn } from './fixtures/flows';
import { waitUntil } from './fixtures/wait';

const CHANNELS = '/api/v2/notifications/channels';
const SUBSCRIPTIONS = /^\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions$/;
/** Short enough for a test, long enough that a busy machine does not trip it (heartbeats every 0.4 s). */
const SILENCE_MS = 3_000;
const CHANNEL_TTL_S = 8;

describe('Genesys Cloud: the notification stream as documented', () => {
  let emulator: GenesysEmulator;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    emulator = await startEmulator({
      platform: 'genesys-cloud',
      control: true,
      consentTtlSeconds: 60,
      heartbeatSeconds: 0.4,
      channelTtlSeconds: CHANNEL_TTL_S,
    });
    browser = await launchExtension();
    await configure(browser, emulator, { platform: 'genesys-cloud', streamSilenceMs: SILENCE_MS });
    const popup = await browser.openPopup();
    await signIn(browser, popup);
    await waitUntil(
      async () => emulator.openSockets(),
      (n) => n === 1,
      { what: 'the notification socket' },
    );
    await popup.close();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const channelPosts = () => emulator.requestLog().filter((r) => r.method === 'POST' && r.path === CHANNELS);
  const resubscribes = () =>
    emulator.requestLog().filter((r) => r.method === 'PUT' && SUBSCRIPTIONS.test(r.path) && r.status === 200);
  const stateOf = async (id: string) => (await record(browser, id))?.state;
  const acceptNow = () => {
    const { id } = emulator.createConversation();
    emulator.acceptConversation(id, 'agent-ada');
    return id;
  };

  it('re-subscribes before the channel expires and keeps using it past its first lifetime', async () => {
    const since = Date.now();
    // Renewed halfway through each 8 s lifetime: three renewals take the channel well past 8 s.
    await expect
      .poll(() => resubscribes().length, { timeout: 30_000, interval: 500 })
      .toBeGreaterThanOrEqual(3);
    expect(Date.now() - since).toBeGreaterThan(CHANNEL_TTL_S * 1000);
    expect(channelPosts()).toHaveLength(0);
    expect(emulator.openSockets()).toBe(1);
    const id = acceptNow();
    await expect.poll(() => stateOf(id)).toBe('pending');
    expect(emulator.maxSocketsPerChannel()).toBe(1);
  });

  it('a half-open socket (no heartbeat, no pong) is reopened on the same channel, and catches up', async () => {
    emulator.silenceSockets();
    // The accept's event is lost on the silent socket: only the catch-up after reopening finds it.
    const id = acceptNow();
    await expect.poll(() => stateOf(id), { timeout: SILENCE_MS * 4 }).toBe('pending');
    expect(channelPosts()).toHaveLength(0);
    expect(emulator.openSockets()).toBe(1);
    expect(emulator.maxSocketsPerChannel()).toBe(1);
    expect(emulator.sessions().filter((s) => s.conversationId === id)).toHaveLength(1);
  });

  it('the 21st channel evicts ours: exactly one new channel replaces it, and accepts are caught up', async () => {
    emulator.crowdChannels('agent-ada');
    const id = acceptNow();
    await expect.poll(() => stateOf(id), { timeout: 15_000 }).toBe('pending');
    expect(channelPosts().map((r) => r.status)).toEqual([200]);
    await expect.poll(() => emulator.openSockets()).toBe(1);
    const next = acceptNow();
    await expect.poll(() => stateOf(next)).toBe('pending');
    expect(channelPosts()).toHaveLength(1);
  });

  it('403 app.not.authorized.for.scope on a new channel: retried with backoff, recovers when allowed', async () => {
    emulator.injectFault(`POST ${CHANNELS}`, { missingScope: 'notifications', times: 2 });
    emulator.expireChannels();
    await expect
      .poll(() => channelPosts().map((r) => r.status), { timeout: 20_000 })
      .toEqual([403, 403, 200]);
    await expect.poll(() => emulator.openSockets()).toBe(1);
    const posts = channelPosts();
    // Backoff, not a loop: the retries are spaced (1 s, then 2 s, halved at most by the jitter).
    expect((posts[1]?.receivedAt ?? 0) - (posts[0]?.receivedAt ?? 0)).toBeGreaterThan(400);
    const id = acceptNow();
    await expect.poll(() => stateOf(id)).toBe('pending');
  });
});
