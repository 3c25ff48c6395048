import browser from 'webextension-polyfill';
import { NeedsSignInError } from '../api/errors';
import { platformFor } from '../platform';
import type { Channel, NotificationSource } from '../platform/types';
import { apiContext } from '../sessions/context';
import { getSettings } from '../settings';
import { channelItem } from './channel-store';
import { applyMessage, catchUp } from './chat-events';
import { renewDelayMs, type SilenceWatch, watchSilence } from './liveness';

/**
 * The third detection source: the platform's notification stream, independent of any desktop.
 * The socket lives as long as this worker (its traffic keeps the worker alive, Chrome 116+); after
 * a restart, ensureStream() reconnects to the stored channel and catches up on chats it missed.
 * One channel per agent, kept for good: re-subscribed before it expires (which extends it), one
 * socket at a time, a socket that goes silent (no heartbeat or pong within settings.streamSilenceMs)
 * reopened with a catch-up; a new channel only when the platform no longer knows ours.
 */
let socket: WebSocket | undefined;
/** Whose chats (and on which API host) the open socket reports: a socket is never shared between agents. */
let socketOwner: { userId: string; environment: string } | undefined;
let retryDelayMs = 1_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const MAX_RETRY_MS = 30_000;
const CLOSE_WAIT_MS = 1_000;

/** The platform has a stream and the settings leave it on. */
export async function streamWanted(): Promise<boolean> {
  const { settings } = await getSettings();
  return platformFor(settings).notifications !== undefined && settings.detection.notifications !== false;
}

let opening: Promise<void> | undefined;

/** Connects the stream when the platform has one and it is on; closes it otherwise. Idempotent. */
export function ensureStream(): Promise<void> {
  opening ??= open().finally(() => {
    opening = undefined;
  });
  return opening;
}

async function open(): Promise<void> {
  // Checked before anything else: on a platform without a stream, no sign-in is attempted here.
  if (!(await streamWanted())) return closeStream();
  let context: Awaited<ReturnType<typeof apiContext>>;
  try {
    context = await apiContext();
  } catch (error) {
    if (!(error instanceof NeedsSignInError))
      console.warn('Notification stream waits for valid settings:', error);
    return closeStream();
  }
  const source = context.platform.notifications;
  if (!source) return closeStream();
  const userId = context.auth.user.id;
  const { environment } = context.auth;
  const sameOwner = socketOwner?.userId === userId && socketOwner.environment === environment;
  if (socket && socket.readyState <= WebSocket.OPEN && sameOwner) return;
  // Another agent signed in (or the host changed): the old agent's socket reports their chats, so it
  // is closed and a channel is opened (or resumed) for the agent whose token this is.
  closeStream();

  const stored = await channelItem.get();
  // Our channel is reused while it lives (re-subscribing extends it), so the agent never piles up
  // channels against the platform's 20 per user and app; a new one is opened only when the stored
  // one belongs to someone else, has expired, or the platform no longer knows it (evicted, say).
  const reusable =
    stored?.userId === userId && stored.environment === environment && stored.expires > Date.now()
      ? stored
      : undefined;
  const channel =
    (reusable && (await source.resume(context.api, reusable, userId))) ??
    (await source.openChannel(context.api, userId));
  await channelItem.set({ ...channel, userId, environment });
  const { settings } = await getSettings();
  connect(channel, { userId, environment }, source, settings.streamSilenceMs);
}

/** `source` is the platform's stream adapter, fixed for this socket's life: messages need no lookup. */
function connect(
  channel: Channel,
  owner: { userId: string; environment: string },
  source: NotificationSource,
  silenceMs: number,
) {
  const { userId } = owner;
  const ws = new WebSocket(channel.connectUri);
  socket = ws;
  socketOwner = owner;
  // Started before the handshake: a connection that never opens is as silent as one that died.
  const watch: SilenceWatch = watchSilence({
    silenceMs,
    ping: () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(source.keepAliveMessage);
      keepEventPageAwake();
    },
    onSilent: () => reopenSilent(ws, silenceMs),
  });
  scheduleRenewal(channel, owner, source);
  ws.addEventListener('open', () => {
    watch.heard();
    retryDelayMs = 1_000;
    void catchUp(userId, source);
  });
  ws.addEventListener('message', (event) => {
    watch.heard();
    keepEventPageAwake();
    void applyMessage(event.data, userId, source).then((outcome) => {
      if (outcome === 'reconnect' && socket === ws) ws.close();
    });
  });
  ws.addEventListener('close', () => {
    watch.stop();
    if (socket !== ws) return;
    socket = undefined;
    scheduleReconnect();
  });
}

/**
 * Chrome (116+) counts a WebSocket's traffic as activity and keeps the worker running while the
 * stream talks. Firefox does not: its event page is suspended after extensions.background.idle.timeout
 * (30 s) without an extension event or an extension API call, open socket or not, and the suspension
 * closes the socket (Firefox 140: ext-backgroundPage.js exempts only native-messaging ports, pending
 * listener promises and stream filters; ExtensionParent.sys.mjs resets the timer on each API call,
 * reason "parentapicall"). So every ping sent (at most every 20 s) and every message received makes
 * one cheap API call: in Firefox that is what keeps the page, and the stream, alive; in Chrome the
 * socket's traffic already did.
 */
function keepEventPageAwake(): void {
  browser.runtime.getPlatformInfo().catch(() => undefined);
}

/**
 * Half-open: the socket still reads as open but nothing has arrived for `silenceMs`. Its close
 * event may never come, so it is dropped now and the stream reopened at once on the same channel
 * (still one socket per channel); the catch-up on open finds accepts the silence swallowed.
 */
function reopenSilent(ws: WebSocket, silenceMs: number) {
  if (socket !== ws) return;
  console.warn(`Notification stream silent for ${silenceMs} ms; reopening it.`);
  socket = undefined;
  // The close is given a moment to finish, so the platform never sees two sockets on the channel;
  // a truly half-open one never finishes, and is not waited for longer.
  const closed = new Promise<void>((resolve) => {
    ws.addEventListener('close', () => resolve(), { once: true });
    setTimeout(resolve, CLOSE_WAIT_MS);
  });
  ws.close();
  void closed
    .then(() => ensureStream())
    .catch((error: unknown) => {
      console.warn('Reopening the silent notification stream failed:', error);
      scheduleReconnect();
    });
}

/** Re-subscribes before the channel expires: the platform then keeps it another full lifetime. */
function scheduleRenewal(
  channel: Channel,
  owner: { userId: string; environment: string },
  source: NotificationSource,
) {
  clearTimeout(renewTimer);
  renewTimer = setTimeout(
    () => void renew(channel, owner, source),
    renewDelayMs(channel.expires, Date.now()),
  );
}

async function renew(
  channel: Channel,
  owner: { userId: string; environment: string },
  source: NotificationSource,
) {
  if (socketOwner?.userId !== owner.userId) return; // another agent's stream by now
  try {
    const { api, auth } = await apiContext();
    if (auth.user.id !== owner.userId) return;
    const renewed = await source.resume(api, channel, owner.userId);
    // The stream may have moved to another channel while this was in flight: leave that one alone.
    if ((await channelItem.get())?.id !== channel.id) return;
    if (!renewed) {
      // Gone after all (evicted): the socket's close reconnects, on a new channel.
      socket?.close();
      return;
    }
    await channelItem.set({ ...renewed, ...owner });
    scheduleRenewal(renewed, owner, source);
  } catch (error) {
    console.warn('Could not renew the notification channel; trying again:', error);
    scheduleRenewal(channel, owner, source);
  }
}

function scheduleReconnect() {
  clearTimeout(retryTimer);
  const delay = retryDelayMs * (0.5 + Math.random() / 2);
  retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_MS);
  // A failed reconnect (the platform down, a 403 for a missing scope) tries again with the backoff:
  // at most one attempt per MAX_RETRY_MS once it keeps failing, never a tight loop.
  retryTimer = setTimeout(
    () =>
      void ensureStream().catch((e: unknown) => {
        console.warn('Reconnect failed:', e);
        scheduleReconnect();
      }),
    delay,
  );
}

export function closeStream(): void {
  clearTimeout(retryTimer);
  clearTimeout(renewTimer);
  const ws = socket;
  socket = undefined;
  socketOwner = undefined;
  ws?.close();
}

/** Sign out: the socket closes and its channel is forgotten, so nothing reconnects to it. */
export async function forgetStream(): Promise<void> {
  closeStream();
  await channelItem.remove();
}
