import { NeedsSignInError, toStartError } from './api/errors';
import { signIn, signOut } from './auth/sign-in';
import { buildDiagnostics } from './diagnostics';
import { ensureStream } from './notifications/stream';
import type { Handlers } from './router';
import { noteAccepted, noteEnded } from './sessions/chats';
import { acceptChat, endChat, resumeAll } from './sessions/lifecycle';
import { getSettings } from './settings';
import { setAutoStart } from './settings-write';
import { buildStatus } from './status';

async function connect() {
  try {
    const auth = await signIn(true);
    void resumeAll();
    void ensureStream().catch((error: unknown) => console.warn('Notification stream:', error));
    return { ok: true, user: auth.user };
  } catch (error) {
    if (error instanceof NeedsSignInError)
      return { ok: false, cause: 'sign-in-failed' as const, detail: error.message };
    // HTTP and transport failures during sign-in keep their own cause (forbidden, network, …).
    const failure = toStartError(error);
    return { ok: false, cause: failure.reason.code, detail: failure.reason.detail };
  }
}

export const handlers: Handlers = {
  'get-detection': async () => (await getSettings()).settings.detection,
  'chat-accepted': async ({ customerName, ...event }, sender) => {
    // The name goes to storage.session beside the start, never into the record (storage.local).
    const [state] = await Promise.all([
      acceptChat({ ...event, tabId: sender.tabId }),
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
    await signOut();
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
