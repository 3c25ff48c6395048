import { WAITING_STATES } from '../shared/records';
import { NeedsSignInError, toStartError } from './api/errors';
import { signIn, signOut } from './auth/sign-in';
import { ensureStream, forgetStream } from './notifications/stream';
import { resumeAll } from './sessions/lifecycle';
import { withLock } from './sessions/lock';
import { allRecords, getRecord } from './sessions/records';
import { step } from './sessions/transitions';

/**
 * The agent pressed Sign in. A different agent than the one bound before (users/me id compared) gets
 * nothing of theirs: the previous agent's waiting starts are set aside as not started (never sent,
 * retried or ended with this token) and the notification stream is reopened for the new agent.
 */
export async function connect() {
  try {
    const { auth, previous } = await signIn();
    if (previous && previous.userId !== auth.user.id) await setAside(previous.userId);
    void resumeAll().catch((error: unknown) => console.error('Resuming starts after sign-in failed:', error));
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

/**
 * Sign out is final: the token is dropped, the agent marked signed out (nothing signs them back in
 * silently), the notification socket closed and its channel forgotten, and their waiting starts set
 * aside as not started, so none starts at the next sign-in by itself.
 */
export async function disconnect(): Promise<void> {
  const identity = await signOut();
  await forgetStream();
  await setAside(identity?.userId);
}

/** Waiting starts of `userId` (and unbound ones) become `not-started` with cause signed-out. */
async function setAside(userId: string | undefined): Promise<void> {
  // Starts waiting for an agent: after Sign out, or when another agent signs in, they are set aside.
  const waiting = (await allRecords(WAITING_STATES)).filter(
    (r) => r.userId === undefined || r.userId === userId,
  );
  await Promise.all(
    waiting.map((r) =>
      withLock(r.conversationId, async () => {
        const current = await getRecord(r.conversationId);
        if (current && WAITING_STATES.has(current.state)) await step(current, { type: 'signed-out' });
      }),
    ),
  );
}
