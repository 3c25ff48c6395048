import browser from 'webextension-polyfill';
import * as z from 'zod/mini';
import { CUSTOMER_NAME_MAX } from '../../shared/ids';
import { cached } from '../../shared/storage';

export const ChatInfo = z.object({
  customerName: z.optional(z.string().check(z.maxLength(CUSTOMER_NAME_MAX))),
  acceptedAt: z.number(),
  tabId: z.optional(z.int()),
  /** False once the desktop said the chat ended. */
  live: z.boolean(),
});
export type ChatInfo = z.infer<typeof ChatInfo>;

const CHATS_KEPT = 200;
const PREFIX = 'chat:';

/**
 * Every chat the desktop announced in this browser session, with the customer's name when the
 * desktop gave one, one storage.session key per chat (`chat:<conversationId>`). Names are personal
 * data: they live in storage.session only (gone when the browser closes), never in a conversation
 * record (storage.local), settings (sync) or the diagnostics export.
 *
 * Read once per worker life and then kept in worker memory: only this worker writes these keys
 * (storage.session dies with the browser, and with the worker on an update), so the copy is exact,
 * as the records mirror is. A note writes its own chat only: one key holding all 200 chats was
 * parsed and stored whole by every note, ~2 ms of the worker's time while the accept's POST was in
 * flight (bench/README.md, "Warm path"). Notes asked for while a write is under way are merged into
 * the next write.
 */
const storedMap = async () => new Map(Object.entries(await storedChats()));
const copy = cached({ get: storedMap });
const load = () => copy.read();
const unsaved = new Set<string>();
let writing: Promise<void> | undefined;

/** What storage.session holds now, each chat checked; one its schema refuses is left out, with a warning. */
export async function storedChats(): Promise<Record<string, ChatInfo>> {
  const all = await browser.storage.session.get(null);
  const chats: Record<string, ChatInfo> = {};
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(PREFIX)) continue;
    const parsed = ChatInfo.safeParse(raw);
    if (parsed.success) chats[key.slice(PREFIX.length)] = parsed.data;
    else console.warn(`storage.session["${key}"] does not match its schema and was ignored.`);
  }
  return chats;
}

export async function readChats(): Promise<Record<string, ChatInfo>> {
  return Object.fromEntries(await load());
}
/** For tests: the next read is storage's answer. */
export const forgetChats = (): void => copy.forget();

/** Resolves once a write holding every change made so far is stored. */
function save(chats: Map<string, ChatInfo>, conversationId: string): Promise<void> {
  unsaved.add(conversationId);
  writing ??= (async () => {
    try {
      while (unsaved.size > 0) {
        const ids = [...unsaved];
        unsaved.clear();
        const gone = trim(chats);
        const items = Object.fromEntries(
          ids.flatMap((id) => {
            const chat = chats.get(id);
            return chat ? [[PREFIX + id, ChatInfo.parse(chat)]] : [];
          }),
        );
        await Promise.all([
          browser.storage.session.set(items),
          gone.length > 0 ? browser.storage.session.remove(gone.map((id) => PREFIX + id)) : undefined,
        ]);
      }
    } finally {
      writing = undefined;
    }
  })();
  return writing;
}

export async function noteAccepted(conversationId: string, event: { customerName?: string; tabId?: number }) {
  const chats = await load();
  const previous = chats.get(conversationId);
  chats.set(conversationId, {
    customerName: event.customerName ?? previous?.customerName,
    acceptedAt: previous?.live ? previous.acceptedAt : Date.now(),
    tabId: event.tabId ?? previous?.tabId,
    live: true,
  });
  await save(chats, conversationId);
}

/**
 * The customer's name as the platform gave it (Genesys: the conversation the offer was decided on),
 * for chats the desktop announced without one, e.g. detected from the notification stream. A name
 * the desktop gave is kept: it is the one the agent sees there.
 */
export async function noteCustomerName(conversationId: string, customerName: string) {
  const chats = await load();
  const previous = chats.get(conversationId);
  if (previous?.customerName) return;
  chats.set(
    conversationId,
    previous ? { ...previous, customerName } : { customerName, acceptedAt: Date.now(), live: true },
  );
  await save(chats, conversationId);
}

export async function noteEnded(conversationId: string) {
  const chats = await load();
  const chat = chats.get(conversationId);
  if (!chat?.live) return;
  chats.set(conversationId, { ...chat, live: false });
  await save(chats, conversationId);
}

/** Drops the oldest chats beyond CHATS_KEPT from the copy, returning their ids for storage to drop too. */
function trim(chats: Map<string, ChatInfo>): string[] {
  if (chats.size <= CHATS_KEPT) return [];
  const oldest = [...chats]
    .sort(([, a], [, b]) => b.acceptedAt - a.acceptedAt)
    .slice(CHATS_KEPT)
    .map(([id]) => id);
  for (const id of oldest) chats.delete(id);
  return oldest;
}
