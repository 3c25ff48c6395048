import { NeedsSignInError } from '../api/errors';
import { binding, identityItem } from '../auth/identity';
import { platformFor } from '../platform';
import type { Channel, ChatChanges, NotificationSource } from '../platform/types';
import { apiContext } from '../sessions/context';
import { acceptChat, endChat } from '../sessions/lifecycle';
import { getSettings } from '../settings';
import { channelItem, RENEW_BEFORE_MS } from './channel-store';

/**
 * The third detection source: the platform's notification stream, independent of any desktop.
 * The socket lives as long as this worker (its traffic keeps the worker alive, Chrome 116+); after
 * a restart, ensureStream() reconnects to the stored channel and catches up on chats it missed.
 */
let socket: WebSocket | undefined;
/** Whose chats (and on which API host) the open socket reports: a socket is never shared between agents. */
let socketOwner: { userId: string; environment: string } | undefined;
let retryDelayMs = 1_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const MAX_RETRY_MS = 30_000;
const KEEPALIVE_MS = 20_000;

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
  // Reconnecting to the stored channel keeps its subscriptions; a new one is opened only when it
  // belongs to someone else, is near its end, or the platform no longer knows it.
  const reusable =
    stored?.userId === userId &&
    stored.environment === environment &&
    stored.expires - RENEW_BEFORE_MS > Date.now()
      ? stored
      : undefined;
  let channel: Channel;
  if (reusable && (await source.resume(context.api, reusable, userId))) {
    channel = reusable;
  } else {
    channel = await source.openChannel(context.api, userId);
    await channelItem.set({ ...channel, userId, environment });
  }
  connect(channel, { userId, environment }, source);
}

/** `source` is the platform's stream adapter, fixed for this socket's life: messages need no lookup. */
function connect(
  { connectUri, expires }: Channel,
  { userId, environment }: { userId: string; environment: string },
  source: NotificationSource,
) {
  const ws = new WebSocket(connectUri);
  socket = ws;
  socketOwner = { userId, environment };
  let keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  ws.addEventListener('open', () => {
    retryDelayMs = 1_000;
    keepAliveTimer = setInterval(
      () => ws.readyState === WebSocket.OPEN && ws.send(source.keepAliveMessage),
      KEEPALIVE_MS,
    );
    void catchUp(userId, source);
  });
  ws.addEventListener('message', (event) => void onMessage(event.data, userId, source));
  ws.addEventListener('close', () => {
    clearInterval(keepAliveTimer);
    if (socket !== ws) return;
    socket = undefined;
    // Renew a channel near its end instead of reconnecting to it.
    if (expires - RENEW_BEFORE_MS <= Date.now()) void channelItem.remove();
    scheduleReconnect();
  });
}

async function onMessage(data: unknown, userId: string, source: NotificationSource) {
  // A message that was on its way when the agent signed out or another agent signed in is not theirs.
  if ((await boundUser()) !== userId) return;
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return;
  }
  await apply(source.interpret(message, userId));
}

async function apply(changes: ChatChanges) {
  if (changes.reconnect) {
    socket?.close();
    return;
  }
  await Promise.all([
    ...changes.accepted.map((conversationId) => acceptChat({ conversationId, source: 'notification' })),
    ...changes.ended.map((conversationId) => endChat(conversationId)),
  ]);
}

/** A dropped socket may have missed an accept: ask for the chats the agent is connected to now. */
async function catchUp(userId: string, source: NotificationSource) {
  try {
    const { api, auth } = await apiContext();
    if (auth.user.id !== userId) return; // another agent signed in since this socket opened
    const chats = await source.connectedChats(api, userId);
    await apply({ accepted: chats, ended: [] });
  } catch (error) {
    console.warn('Could not catch up on chats after connecting the notification stream:', error);
  }
}

function scheduleReconnect() {
  clearTimeout(retryTimer);
  const delay = retryDelayMs * (0.5 + Math.random() / 2);
  retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_MS);
  retryTimer = setTimeout(
    () => void ensureStream().catch((e: unknown) => console.warn('Reconnect failed:', e)),
    delay,
  );
}

export function closeStream(): void {
  clearTimeout(retryTimer);
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

async function boundUser(): Promise<string | undefined> {
  const [{ settings }, identity] = await Promise.all([getSettings(), identityItem.get()]);
  const bound = binding(identity, settings);
  return bound.ok ? bound.userId : undefined;
}
