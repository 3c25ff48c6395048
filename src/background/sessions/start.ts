import { isHTTPError } from 'ky';
import type { Cause } from '../../shared/causes';
import { type ConversationRecord, ownedBy } from '../../shared/records';
import { NeedsSignInError, SignedOutError, StartError, toStartError } from '../api/errors';
import type { RemoteSession } from '../platform/types';
import { getSettings } from '../settings';
import { backoffMs, scheduleRetryAlarm, sleepUntil, transientFailure } from './backoff';
import { noteCustomerName } from './chats';
import { type ApiContext, apiContext } from './context';
import type { LifecycleEvent } from './machine';
import { InvalidRecordError, type PendingWrite } from './records';
import { failed, remote, step, steps } from './transitions';

/** A backstop only: the start budget (setting startBudgetMs) is what ends a run of retries. */
const MAX_POSTS = 8;

/**
 * Takes a record in `starting` or `needs-sign-in` to `pending` (or `failed`, or back to
 * `needs-sign-in`). Safe to run again after the worker died anywhere inside it: an attempt whose
 * answer was lost is looked up before any new POST is sent. Callers hold the conversation's lock.
 * `onPosting` is called once the caller's attempt has been handed to the platform client (whose
 * fetch follows within the same task): work the caller holds back until the POST has left.
 */
export async function runStart(
  initial: ConversationRecord,
  written?: PendingWrite,
  seen?: unknown,
  onPosting?: () => void,
): Promise<ConversationRecord> {
  let record = initial;
  // The caller (the accept path) is storing `initial` with a fresh attempt that was never sent: the
  // first round skips the lookup and a second write. The POST leaves once that write is issued
  // (handed to the browser, which completes it even if this worker dies), and its answer is acted
  // on only once the write is stored, so every later step reads and writes the stored record.
  let unsent = written;
  // The settings are cached: this read costs the accept-to-POST path nothing measurable.
  const { settings } = await getSettings();
  const deadline = Date.now() + settings.startBudgetMs;
  const voice = settings.cobrowseVoice;
  let reauthorised = false;
  let posts = 0;
  let retries = 0;
  for (;;) {
    // A wait set by the previous round, or by a worker that died while waiting: kept to, with an
    // alarm to wake the worker at that time should it die now.
    if (record.retryAt !== undefined && record.retryAt > Date.now()) {
      await scheduleRetryAlarm(record.retryAt);
      await sleepUntil(record.retryAt);
    }
    // Checked every round, so that even lookups failing for minutes (network down) end in a cause.
    if (Date.now() > deadline && !unsent) return step(record, failed(givenUp(record, posts), 'gave-up'));
    let context: ApiContext;
    try {
      context = await apiContext({ forceRefresh: reauthorised });
    } catch (error) {
      await unsent?.written; // never overtake the caller's write with this one
      // The caller's attempt never left: closed as such, so nothing waits to be looked up.
      const notSent: LifecycleEvent[] = unsent ? [{ type: 'nothing-created', outcome: {} }] : [];
      // Signed out (or the URL changed): not started, and not queued for whoever signs in next.
      if (error instanceof SignedOutError) return steps(record, ...notSent, { type: 'signed-out' });
      if (error instanceof NeedsSignInError) return steps(record, ...notSent, { type: 'sign-in-needed' });
      return step(record, failed(toStartError(error)));
    }
    // A start accepted before anyone was bound is the first signed-in agent's: bound with the next write.
    if (record.userId === undefined) record = { ...record, userId: context.auth.user.id };
    if (!ownedBy(record, context.auth.user.id)) {
      // Another agent accepted this chat: their start is never sent, looked up or retried with this token.
      await unsent?.written;
      return steps(record, ...(unsent ? [{ type: 'nothing-created', outcome: {} } as const] : []), {
        type: 'signed-out',
      });
    }
    let posting = false;
    try {
      let externalSessionId = record.pendingExternalSessionId;
      let posted: Promise<RemoteSession>;
      if (unsent && externalSessionId) {
        const pending = unsent;
        unsent = undefined;
        await pending.issued;
        posts += 1;
        posting = true;
        posted = context.platform.start(context.api, {
          ...request(record, externalSessionId, context),
          cobrowseVoice: voice,
          onCustomerName: nameKeeper(record.conversationId),
          // Only the accept's own first round: what the push said may be stale by a later one.
          seen,
        });
        onPosting?.();
        posted.catch(() => undefined); // handled below, after the write
        record = await pending.written.catch((error: unknown) => {
          // Issued but refused by the browser (quota): the next step writes the record again.
          console.warn(`Storing the attempt for ${record.conversationId} failed:`, error);
          return record;
        });
      } else {
        const found = await lookup(context, record);
        if (found) return await step(record, remote(found, 200));
        if (posts >= MAX_POSTS || Date.now() > deadline)
          return step(record, failed(givenUp(record, posts), 'gave-up'));
        externalSessionId = crypto.randomUUID();
        record = await step(record, { type: 'attempt', externalSessionId });
        posts += 1;
        posting = true;
        posted = context.platform.start(context.api, {
          ...request(record, externalSessionId, context),
          cobrowseVoice: voice,
          onCustomerName: nameKeeper(record.conversationId),
        });
      }
      return await step(record, remote(await posted, 201));
    } catch (error) {
      // Our own record refused by its schema is a bug to surface, not a lost answer to look up.
      if (error instanceof InvalidRecordError) throw error;
      if (isHTTPError(error) && error.response.status === 401 && !reauthorised) {
        // The token died in flight; a 401 created nothing, so one silent re-auth and a fresh attempt.
        reauthorised = true;
        record = await step(record, { type: 'nothing-created', outcome: { httpStatus: 401 } });
        continue;
      }
      const transient = transientFailure(error);
      if (transient) {
        // 502/503/504, 429, network, timeout: wait (Retry-After, or backoff with jitter), then look
        // the attempt up before any new POST. A 429 refused before doing anything: nothing to look up.
        const wait = transient.retryAfterMs ?? backoffMs(retries);
        retries += 1;
        const retryAt = Date.now() + wait;
        const outcome = {
          httpStatus: isHTTPError(error) ? error.response.status : undefined,
          cause: transient.cause,
        };
        const closing: LifecycleEvent[] = posting
          ? [{ type: transient.nothingCreated ? 'nothing-created' : 'unanswered', outcome }]
          : [];
        if (retryAt > deadline || posts >= MAX_POSTS) {
          // The budget cannot hold this wait: stop now and say what failed (and the wait asked for).
          return steps(record, ...closing, failed(budgetSpent(transient.cause, posts, wait), 'gave-up'));
        }
        record = await steps(record, ...closing, { type: 'backoff', retryAt, cause: transient.cause });
        continue;
      }
      if (isHTTPError(error) && (error.response.status === 400 || error.response.status === 409)) {
        // Chromium re-sends a POST by itself when a reused connection closes before the answer;
        // the platform then refuses the copy (a used externalSessionId, or an offer already open:
        // Genesys answers 409). The session may be ours. A refused lookup (the platform answers a
        // client-credentials token's list with a 400 too) finds nothing: the diagnosis names why.
        const mine = await lookup(context, record).catch(() => undefined);
        if (mine) return await step(record, remote(mine, 201));
      }
      if (toStartError(error).reason.code === 'bad-response') {
        // A 2xx we could not read may still have created the session: ask before calling it failed.
        const mine = await lookup(context, record).catch(() => undefined);
        if (mine) return await step(record, remote(mine, 201));
      }
      return step(record, failed(await explain(error, record, context)));
    }
  }
}

/** Names what kept failing (a never-ending answer is a timeout, not a network error). */
function givenUp(record: ConversationRecord, posts: number): StartError {
  const last = record.attempts.at(-1)?.cause;
  const detail = `gave up after ${posts} attempts within the start budget${last?.detail ? `; last: ${last.detail}` : ''}`;
  return new StartError({ code: last?.code ?? 'network', detail: detail.slice(0, 500) });
}

/** The session an unanswered attempt created, if it did. */
async function lookup(context: ApiContext, record: ConversationRecord) {
  const externalSessionId = record.pendingExternalSessionId;
  if (!externalSessionId) return undefined;
  return context.platform.findAttempt(context.api, request(record, externalSessionId, context));
}

function request(record: ConversationRecord, externalSessionId: string, { auth }: ApiContext) {
  return { conversationId: record.conversationId, externalSessionId, user: auth.user };
}

/** Keeps a name the platform gave in storage.session (never the record); a failed write costs the start nothing. */
function nameKeeper(conversationId: string) {
  return (name: string) =>
    noteCustomerName(conversationId, name).catch((error: unknown) =>
      console.warn(`Storing the customer's name for ${conversationId} failed:`, error),
    );
}

/** The start budget cannot hold the next wait: the last transient cause, with how long was asked. */
function budgetSpent(cause: Cause, posts: number, waitMs: number): StartError {
  const detail = `${cause.detail ?? cause.code}; gave up after ${posts} attempts: the next try (in ${Math.ceil(waitMs / 1000)} s) would end after the start budget`;
  return new StartError({ ...cause, detail });
}

/** After a generic 400, run the checks the platform hides; other failures explain themselves. */
async function explain(error: unknown, record: ConversationRecord, context: ApiContext): Promise<StartError> {
  const failure = toStartError(error);
  // sessions-api hides every cause behind a 400; Genesys also answers 403 (permission) and 409 (open offer).
  if (failure.httpStatus !== 400 && failure.httpStatus !== 409 && failure.reason.code !== 'forbidden')
    return failure;
  const externalSessionId = record.pendingExternalSessionId ?? crypto.randomUUID();
  const cause = await context.platform.diagnose(context.api, {
    ...request(record, externalSessionId, context),
    scope: context.auth.scope,
  });
  return new StartError(
    { ...cause, detail: cause.detail ?? failure.reason.detail },
    failure.httpStatus,
    failure.contextId,
  );
}
