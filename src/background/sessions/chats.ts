import * as z from 'zod/mini';
import { CUSTOMER_NAME_MAX } from '../../shared/ids';
import { defineItem } from '../../shared/storage';
import { withLock } from './lock';

export const ChatInfo = z.object({
  customerName: z.optional(z.string().check(z.maxLength(CUSTOMER_NAME_MAX))),
  acceptedAt: z.number(),
  tabId: z.optional(z.int()),
  /** False once the desktop said the chat ended. */
  live: z.boolean(),
});
export type ChatInfo = z.infer<typeof ChatInfo>;

const CHATS_KEPT = 200;

/**
 * Every chat the desktop announced in this browser session, with the customer's name when the
 * desktop gave one. Names are personal data: they live in storage.session only (gone when the browser
 * closes), never in a conversation record (storage.local), settings (sync) or the diagnostics export.
 */
export const chatsItem = defineItem('session', 'chats', z.record(z.string(), ChatInfo), {});

export function noteAccepted(conversationId: string, event: { customerName?: string; tabId?: number }) {
  return withLock('item chats', async () => {
    const chats = await chatsItem.get();
    const previous = chats[conversationId];
    chats[conversationId] = {
      customerName: event.customerName ?? previous?.customerName,
      acceptedAt: previous?.live ? previous.acceptedAt : Date.now(),
      tabId: event.tabId ?? previous?.tabId,
      live: true,
    };
    await chatsItem.set(trim(chats));
  });
}

/**
 * The customer's name as the platform gave it (Genesys: the conversation the offer was decided on),
 * for chats the desktop announced without one, e.g. detected from the notification stream. A name
 * the desktop gave is kept: it is the one the agent sees there.
 */
export function noteCustomerName(conversationId: string, customerName: string) {
  return withLock('item chats', async () => {
    const chats = await chatsItem.get();
    const previous = chats[conversationId];
    if (previous?.customerName) return;
    chats[conversationId] = previous
      ? { ...previous, customerName }
      : { customerName, acceptedAt: Date.now(), live: true };
    await chatsItem.set(trim(chats));
  });
}

export function noteEnded(conversationId: string) {
  return withLock('item chats', async () => {
    const chats = await chatsItem.get();
    const chat = chats[conversationId];
    if (!chat?.live) return;
    chats[conversationId] = { ...chat, live: false };
    await chatsItem.set(chats);
  });
}

/** Keeps the newest chats; the popup lists at most the records' history cap anyway. */
function trim(chats: Record<string, ChatInfo>): Record<string, ChatInfo> {
  const entries = Object.entries(chats);
  if (entries.length <= CHATS_KEPT) return chats;
  return Object.fromEntries(entries.sort(([, a], [, b]) => b.acceptedAt - a.acceptedAt).slice(0, CHATS_KEPT));
}
