import { isHTTPError } from 'ky';
import * as z from 'zod/mini';
import type { ChatEvent } from '../../shared/ids';
import { ConversationId } from '../../shared/ids';
import {
  type ConversationRecord,
  FOLLOWED_STATES,
  LIVE_STATES,
  ownedBy,
  type SessionState,
  WAITING_STATES,
} from '../../shared/records';
import { defineItem } from '../../shared/storage';
import { NeedsSignInError } from '../api/errors';
import { binding, readIdentity } from '../auth/identity';
import { getSettings } from '../settings';
import { apiContext } from './context';
import { withLock } from './lock';
import { allRecords, beginPut, getRecord, putRecord } from './records';
import { runStart } from './start';
import { next, remote, step, steps } from './transitions';

/** Which chat each desktop tab last accepted, for the popup's "Start co-browse" button. */
export const tabChats = defineItem('session', 'tabChats', z.record(z.string(), ConversationId), {});

export type AcceptOutcome = SessionState | 'waiting-for-click';

/**
 * A chat was accepted (or the agent pressed Start/Retry). Starts at most one session per
 * conversation: a conversation that already has one, or had one, is left alone unless `manual`.
 */
export async function acceptChat(
  event: ChatEvent & { tabId?: number; seen?: unknown; posting?: () => void },
  manual = false,
): Promise<AcceptOutcome> {
  const [{ settings }, identity] = await Promise.all([getSettings(), readIdentity()]);
  if (!manual && !settings.autoStart) {
    if (event.tabId !== undefined) await rememberTab(event.tabId, event.conversationId);
    return 'waiting-for-click';
  }
  // The agent this start is for, if one is bound. After Sign out nothing is started (or signed in
  // silently) until an agent signs in with the window; before the first sign-in (or after a URL
  // change) the start waits in needs-sign-in for it, with no silent sign-in either.
  const bound = binding(identity, settings);
  const userId = bound.ok ? bound.userId : undefined;
  const outcome = await withLock(event.conversationId, async () => {
    const existing = await getRecord(event.conversationId);
    const fields = { conversationId: event.conversationId, source: event.source, tabId: event.tabId };
    if (!bound.ok && bound.why === 'signed-out') {
      // Recorded as not started (the popup offers Start), never queued for whoever signs in next.
      if (existing) return existing.state;
      return (await putRecord(next(existing, { type: 'accept-signed-out' }, fields) ?? never())).state;
    }
    if (existing && (LIVE_STATES.has(existing.state) || !manual)) return existing.state;
    // Another agent's conversation is theirs: its attempts are never repeated with this agent's token.
    if (existing && !ownedBy(existing, userId)) return existing.state;
    const begun = next(existing, { type: manual ? 'start' : 'accept', userId }, fields);
    if (!begun) return existing?.state ?? 'failed';
    if (begun.pendingExternalSessionId) {
      // A Retry after giving up: the kept attempt is looked up before any new POST.
      return (await runStart(await putRecord(begun))).state;
    }
    // One write, holding the attempt about to be sent, handed to the browser before the POST leaves
    // (runStart waits for it to be issued, and for it to be stored before acting on the answer): a
    // worker that dies at any later step leaves a `starting` record with the attempt to look up for
    // resumeAll() to finish, never a forgotten accept. See docs/exactly-once.md for the one window
    // (the whole browser killed within the write's few milliseconds) and why it creates no duplicate.
    const record = next(begun, { type: 'attempt', externalSessionId: crypto.randomUUID() }, fields);
    if (!record) return begun.state;
    return (await runStart(record, beginPut(record), event.seen, event.posting)).state;
  });
  // Only the popup's Start button reads this, much later: kept off the accept-to-POST path.
  if (event.tabId !== undefined) await rememberTab(event.tabId, event.conversationId);
  return outcome;
}

function never(): never {
  throw new Error('the lifecycle refused accept-signed-out for a new conversation');
}

async function rememberTab(tabId: number, conversationId: string) {
  await withLock('tabChats', async () =>
    tabChats.set({ ...(await tabChats.get()), [tabId]: conversationId }),
  );
}

/** The chat ended on the desktop, or the agent pressed End: end its session or cancel a waiting start. */
export function endChat(conversationId: string): Promise<void> {
  return withLock(conversationId, async () => {
    const record = await getRecord(conversationId);
    if (record) await endEnded(record);
  });
}

const WAITING: ReadonlySet<SessionState> = new Set(['not-started', 'starting', 'needs-sign-in']);

/**
 * Ends what a chat that ended left behind. End never overtakes resume: an attempt whose fate is
 * unknown is looked up first, and the session it created (if any) is ended like any other.
 */
async function endEnded(initial: ConversationRecord): Promise<ConversationRecord> {
  let record = initial;
  // Another agent's session is ended (or looked up) only with their token, when they are back.
  const mine = ownedBy(record, await currentAgent());
  if (WAITING.has(record.state)) {
    if (!record.pendingExternalSessionId) return step(record, { type: 'chat-ended' });
    if (!mine) return record.chatEnded ? record : step(record, { type: 'chat-ended-unresolved' });
    const found = await findPending(record);
    if (found === 'unknown') {
      return record.chatEnded ? record : step(record, { type: 'chat-ended-unresolved' });
    }
    if (!found) return steps(record, { type: 'nothing-created', outcome: {} }, { type: 'chat-ended' });
    record = await step(record, remote(found, 200));
  }
  if (!record.chatEnded) record = await step(record, { type: 'chat-ended' });
  if (!mine || !record.sessionId || !FOLLOWED_STATES.has(record.state)) return record;
  try {
    const { platform, api } = await apiContext();
    const ref = { id: record.sessionId, conversationId: record.conversationId, expiresAt: record.expiresAt };
    await platform.end(api, ref);
    return await step(record, remote(await platform.get(api, ref)));
  } catch (error) {
    if (isGone(error)) return step(record, { type: 'gone' });
    if (!(error instanceof NeedsSignInError)) {
      console.warn(
        `Ending co-browse for ${record.conversationId} failed; will retry on the next check.`,
        error,
      );
    }
    return record;
  }
}

/** The session an unanswered attempt created; 'unknown' when it cannot be asked now (signed out, offline). */
async function findPending(record: ConversationRecord) {
  try {
    const context = await apiContext();
    if (!ownedBy(record, context.auth.user.id)) return 'unknown' as const;
    const { conversationId, pendingExternalSessionId = '' } = record;
    return await context.platform.findAttempt(context.api, {
      conversationId,
      externalSessionId: pendingExternalSessionId,
      user: context.auth.user,
    });
  } catch (error) {
    console.warn(`Could not look up the unanswered attempt for ${record.conversationId}.`, error);
    return 'unknown' as const;
  }
}

/** A start that waited too long: what its last attempt created is adopted, nothing new is sent. */
async function expire(record: ConversationRecord): Promise<ConversationRecord> {
  const found = record.pendingExternalSessionId ? await findPending(record) : undefined;
  if (found && found !== 'unknown') return step(record, remote(found, 200));
  return step(record, { type: 'stale' });
}

/** The agent bound to the current settings (signed in interactively, not signed out), if any. */
async function currentAgent(): Promise<string | undefined> {
  const [{ settings }, identity] = await Promise.all([getSettings(), readIdentity()]);
  const bound = binding(identity, settings);
  return bound.ok ? bound.userId : undefined;
}

/** The platform no longer knows the session (404 on GET or DELETE): nothing left to follow or end. */
function isGone(error: unknown): boolean {
  return isHTTPError(error) && error.response.status === 404;
}

/**
 * After a restart or a sign-in: finish every start that was interrupted or waiting for the agent.
 */
export async function resumeAll(): Promise<void> {
  const { settings } = await getSettings();
  const staleBefore = Date.now() - settings.staleStartMinutes * 60_000;
  const waiting = await allRecords(WAITING_STATES);
  await Promise.all(
    waiting.map((r) =>
      withLock(r.conversationId, async () => {
        const current = await getRecord(r.conversationId);
        if (!current || !WAITING_STATES.has(current.state)) return;
        // A chat that ended while its attempt was unresolved gets a lookup, never a new POST.
        if (current.chatEnded) await endEnded(current);
        else if (current.acceptedAt < staleBefore) await expire(current);
        else await runStart(current);
      }),
    ),
  );
}

/** Polls each pending or active session once; ends those whose chat ended meanwhile. */
export async function refreshFollowed(): Promise<void> {
  const followed = (await allRecords(FOLLOWED_STATES)).filter((r) => r.sessionId);
  if (followed.length === 0) return;
  let context: Awaited<ReturnType<typeof apiContext>>;
  try {
    context = await apiContext();
  } catch {
    return; // signed out: the next sign-in resumes following
  }
  await Promise.all(
    followed
      .filter((r) => ownedBy(r, context.auth.user.id))
      .map((r) =>
        withLock(r.conversationId, async () => {
          const current = await getRecord(r.conversationId);
          if (!current?.sessionId || !FOLLOWED_STATES.has(current.state)) return;
          if (current.chatEnded) return void (await endEnded(current));
          try {
            const ref = {
              id: current.sessionId,
              conversationId: current.conversationId,
              expiresAt: current.expiresAt,
            };
            await step(current, remote(await context.platform.get(context.api, ref)));
          } catch (error) {
            if (isGone(error)) return void (await step(current, { type: 'gone' }));
            console.warn(`Could not refresh co-browse session for ${current.conversationId}.`, error);
          }
        }),
      ),
  );
}
