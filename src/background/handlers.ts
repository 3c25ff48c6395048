import { connect, disconnect } from './account';
import { buildDiagnostics } from './diagnostics';
import type { Handlers } from './router';
import { noteAccepted, noteEnded } from './sessions/chats';
import { acceptChat, endChat } from './sessions/lifecycle';
import { getSettings } from './settings';
import { setAutoStart } from './settings-write';
import { buildStatus } from './status';

export const handlers: Handlers = {
  'get-detection': async () => (await getSettings()).settings.detection,
  'chat-accepted': async ({ customerName, ...event }, sender) => {
    const started = acceptChat({ ...event, tabId: sender.tabId });
    // The name goes to storage.session, never into the record (storage.local), one task later: by
    // then the POST has left, and these two storage calls no longer queue ahead of its record write.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [state] = await Promise.all([
      started,
      noteAccepted(event.conversationId, { customerName, tabId: sender.tabId }),
    ]);
    return { state };
  },
  'chat-ended': async ({ conversationId }) => {
    await Promise.all([endChat(conversationId), noteEnded(conversationId)]);
    return { ok: true };
  },
  'get-status': ({ tabId }) => buildStatus(tabId),
  'sign-in': connect,
  'test-connection': connect,
  'sign-out': async () => {
    await disconnect();
    return { ok: true };
  },
  'start-session': async ({ conversationId }) => {
    void acceptChat({ conversationId, source: 'popup' }, true);
    return { ok: true };
  },
  'end-session': async ({ conversationId }) => {
    await endChat(conversationId);
    return { ok: true };
  },
  'set-auto-start': async ({ enabled }) => {
    await setAutoStart(enabled);
    return { ok: true };
  },
  'get-diagnostics': () => buildDiagnostics(),
};
