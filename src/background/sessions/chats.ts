import * as z from 'zod/mini';
import { CUSTOMER_NAME_MAX } from '../../shared/ids';
import { cached, defineItem } from '../../shared/storage';

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

/**
 * The chats, read once per worker life and then kept in worker memory. Only this worker writes the
 * key (storage.session dies with the browser, and with the worker on an update), so the copy is
 * exact, as the records mirror is. Each note changes the copy and asks for a write; writes asked for
 * while one is under way are merged into the next one. Before this, each note read, parsed and wrote
 * all 200 chats in turn: a burst of accepts queued behind it (the benchmark's memory phase found
 * hundreds of notes still waiting after 1,000 accepts).
 */
const copy = cached(chatsItem);
let writing: Promise<void> | undefined;
let dirty = false;

export const readChats = (): Promise<Record<string, ChatInfo>> => copy.read();
/** For tests: the next read is storage's answer. */
export const forgetChats = (): void => copy.forget();

/** Resolves once a write holding every change made so far is stored. */
function save(chats: Record<string, ChatInfo>): Promise<void> {
  dirty = true;
  writing ??= (async () => {
    try {
      while (dirty) {
        dirty = false;
        trim(chats);
        await chatsItem.set(chats);
      }
    } finally {
      writing = undefined;
    }
  })();
  return writing;
}

export async function noteAccepted(conversationId: string, event: { customerName?: string; tabId?: number }) {
  const chats = await readChats();
  const previous = chats[conversationId];
  chats[conversationId] = {
    customerName: event.customerName ?? previous?.customerName,
    acceptedAt: previous?.live ? previous.acceptedAt : Date.now(),
    tabId: event.tabId ?? previous?.tabId,
    live: true,
  };
  await save(chats);
}

/**
 * The customer's name as the platform gave it (Genesys: the conversation the offer was decided on),
 * for chats the desktop announced without one, e.g. detected from the notification stream. A name
 * the desktop gave is kept: it is the one the agent sees there.
 */
export async function noteCustomerName(conversationId: string, customerName: string) {
  const chats = await readChats();
  const previous = chats[conversationId];
  if (previous?.customerName) return;
  chats[conversationId] = previous
    ? { ...previous, customerName }
    : { customerName, acceptedAt: Date.now(), live: true };
  await save(chats);
}

export async function noteEnded(conversationId: string) {
  const chats = await readChats();
  const chat = chats[conversationId];
  if (!chat?.live) return;
  chats[conversationId] = { ...chat, live: false };
  await save(chats);
}

/** Keeps the newest chats (in place: the copy is what is stored); the popup lists at most the records' history cap anyway. */
function trim(chats: Record<string, ChatInfo>): void {
  const entries = Object.entries(chats);
  if (entries.length <= CHATS_KEPT) return;
  entries.sort(([, a], [, b]) => b.acceptedAt - a.acceptedAt);
  for (const [id] of entries.slice(CHATS_KEPT)) delete chats[id];
}
