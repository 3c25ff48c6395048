import { connect, disconnect } from './account';
import { detectionFor } from './detection';
import { buildDiagnostics } from './diagnostics';
import type { Handlers } from './router';
import { noteAccepted, noteEnded } from './sessions/chats';
import { acceptChat, endChat } from './sessions/lifecycle';
import { setAutoStart } from './settings-write';
import { buildStatus } from './status';

export const handlers: Handlers = {
  'get-detection': async (_payload, sender) => detectionFor(sender.tabId),
  'chat-accepted': async ({ customerName, ...event }, sender) => {
    let posting = () => {};
    const posted = new Promise<void>((resolve) => {
      posting = resolve;
    });
    const started = acceptChat({ ...event, tabId: sender.tabId, posting });
    // The name goes to storage.session, never into the record (storage.local), once the POST has
    // left (or no POST will): its two storage calls must not queue ahead of the record write, the
    // token read or the fetch. A woken worker reads settings, identity and token first, so "one task
    // later" is not enough there. ky calls fetch within the task that handed it the request.
    await Promise.race([posted, started.catch(() => undefined)]);
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
