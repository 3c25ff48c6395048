import { CONVERSATION_ID_RULE, ConversationId, CustomerName } from '../shared/ids';
import type { Report } from './page-events';

type Send = (
  type: 'chat-accepted' | 'chat-ended',
  payload: { conversationId: string; source: 'page-event' | 'dom-rule'; customerName?: string },
) => Promise<unknown>;

/**
 * Checks each announcement's conversation id, drops bad ones with a warning that names where they
 * came from, and tells the worker once per chat and kind for the life of the page.
 */
export function createReporter(send: Send): Report {
  const reported = new Set<string>();
  return (kind, rawId, origin, rawName) => {
    const id = ConversationId.safeParse(rawId);
    if (!id.success) {
      console.warn(
        `Cobrowse Autostart: ignored ${origin}: the conversation id must be ${CONVERSATION_ID_RULE}.`,
      );
      return;
    }
    const key = `${kind}:${id.data}`;
    if (reported.has(key)) return;
    reported.add(key);
    const source: 'dom-rule' | 'page-event' = origin.startsWith('DOM') ? 'dom-rule' : 'page-event';
    const customerName = kind === 'accepted' ? nameOf(rawName, origin) : undefined;
    const payload = { conversationId: id.data, source, ...(customerName ? { customerName } : {}) };
    send(kind === 'accepted' ? 'chat-accepted' : 'chat-ended', payload).catch((error: unknown) =>
      console.warn(`Cobrowse Autostart: could not report ${kind} chat ${id.data}:`, error),
    );
  };
}

/** A bad name never costs the chat its start: it is dropped with a warning and the chat goes on without it. */
function nameOf(raw: unknown, origin: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const name = CustomerName.safeParse(raw);
  if (name.success) return name.data;
  console.warn(
    `Cobrowse Autostart: ignored the customer name from ${origin}: it must be text of 1–120 characters.`,
  );
  return undefined;
}
