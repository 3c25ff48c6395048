import { CONVERSATION_ID_RULE, ConversationId } from '../shared/ids';
import type { Report } from './page-events';

type Send = (
  type: 'chat-accepted' | 'chat-ended',
  payload: { conversationId: string; source: 'page-event' | 'dom-rule' },
) => Promise<unknown>;

/**
 * Checks each announcement's conversation id, drops bad ones with a warning that names where they
 * came from, and tells the worker once per chat and kind for the life of the page.
 */
export function createReporter(send: Send): Report {
  const reported = new Set<string>();
  return (kind, rawId, origin) => {
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
    const source = origin.startsWith('DOM') ? 'dom-rule' : 'page-event';
    send(kind === 'accepted' ? 'chat-accepted' : 'chat-ended', { conversationId: id.data, source }).catch(
      (error: unknown) =>
        console.warn(`Cobrowse Autostart: could not report ${kind} chat ${id.data}:`, error),
    );
  };
}
