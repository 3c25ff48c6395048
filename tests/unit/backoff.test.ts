import { fakeBrowser } from '@webext-core/fake-browser';
import { HTTPError, NetworkError } from 'ky';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_MS, backoffMs, parseRetryAfter, RETRY_ALARM } from '../../src/background/sessions/backoff';
import { acceptChat, resumeAll } from '../../src/background/sessions/lifecycle';
import { dropMirror, getRecord, putRecord } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import type { ConversationRecord } from '../../src/shared/records';
import { fakePlatform } from './helpers/fake-platform';
import { signedInWorker } from './helpers/worker-state';

// Issue 11 item 7: transient failures (502/503/504, network, timeout, 429) are retried with
// exponential backoff and jitter within the start budget, honouring Retry-After; the wait is on
// the record (retryAt) for the popup and for a worker that dies while waiting; a 429 is named
// rate-limited with the wait, never a timeout; the create POST stays exactly-once (lookup first).

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

function failure(status: number, retryAfter?: string) {
  const headers = retryAfter === undefined ? undefined : { 'retry-after': retryAfter };
  const body = { errors: [{ code: 'busy', message: 'x' }], contextId: 'ctx-t' };
  const error = new HTTPError(
    new Response(JSON.stringify(body), { status, headers }),
    new Request('http://127.0.0.1/api'),
    {} as never,
  );
  error.data = body;
  return error;
}

/** Each POST throws the next scripted failure, then creates the session. */
function failing(...failures: Error[]) {
  const create = fake.platform.start;
  const lookups: number[] = [];
  const posts: number[] = [];
  const find = fake.platform.findAttempt;
  fake.platform.findAttempt = async (api, request) => {
    lookups.push(Date.now());
    return find(api, request);
  };
  fake.platform.start = async (api, request) => {
    posts.push(Date.now());
    const next = failures.shift();
    if (next) {
      fake.posts.push(request);
      throw next;
    }
    return create(api, request);
  };
  return { lookups, posts };
}

/** Every value of retryAt the record was written with, with the time of the write. */
function watchRetryAt(id: string) {
  const seen: { at: number; retryAt: number; cause?: string }[] = [];
  fakeBrowser.storage.local.onChanged.addListener((changes) => {
    const value = changes[`conv:${id}`]?.newValue as ConversationRecord | undefined;
    if (value?.retryAt) seen.push({ at: Date.now(), retryAt: value.retryAt, cause: value.cause?.code });
  });
  return seen;
}

beforeEach(async () => {
  fake = fakePlatform();
  invalidateSettings();
  dropMirror();
  await signedInWorker();
});

describe('backoff schedule', () => {
  it('is about 0.5, 1, 2, 4, 8 s, then 8 s, each within ±20 %', () => {
    expect(BACKOFF_MS).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    for (let retry = 0; retry < 7; retry++) {
      const base = BACKOFF_MS[Math.min(retry, 4)] ?? 0;
      expect(backoffMs(retry, () => 0)).toBe(base * 0.8);
      expect(backoffMs(retry, () => 1)).toBe(base * 1.2);
    }
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(parseRetryAfter('4', now)).toBe(4_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('transient failures back off within the start budget', () => {
  it('502 then 504: each retry waits longer, looks the attempt up first, and one session starts', async () => {
    const { lookups, posts } = failing(failure(502), failure(504));
    const seen = watchRetryAt('t-1');
    expect(await acceptChat({ conversationId: 't-1', source: 'page-event' })).toBe('pending');
    expect(posts).toHaveLength(3);
    expect(fake.sessions).toHaveLength(1);
    // Never a blind retry: the unanswered attempt is looked up before each new POST.
    expect(lookups).toHaveLength(2);
    expect(lookups[0]).toBeLessThanOrEqual(posts[1] ?? 0);
    // The waits, as written on the record before each: ~0.5 s, then ~1 s.
    expect(seen.map((s) => s.cause)).toEqual(['server-error', 'server-error']);
    const waits = seen.map((s) => s.retryAt - s.at);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
    expect(waits[0]).toBeLessThanOrEqual(650);
    expect(waits[1]).toBeGreaterThanOrEqual(700);
    expect(waits[1]).toBeLessThanOrEqual(1_250);
    expect((posts[1] ?? 0) - (posts[0] ?? 0)).toBeGreaterThanOrEqual(350);
    expect((posts[2] ?? 0) - (posts[1] ?? 0)).toBeGreaterThanOrEqual(750);
    const record = await getRecord('t-1');
    expect(record?.retryAt).toBeUndefined();
    expect(record?.attempts.map((a) => a.httpStatus)).toEqual([502, 504, 201]);
  });

  it('a network error is retried after a wait, not at once', async () => {
    const { posts } = failing(new NetworkError(new Request('http://127.0.0.1/api')));
    expect(await acceptChat({ conversationId: 't-2', source: 'page-event' })).toBe('pending');
    expect((posts[1] ?? 0) - (posts[0] ?? 0)).toBeGreaterThanOrEqual(350);
  });

  it('503 with Retry-After: 1 waits that long (no jitter)', async () => {
    const { posts } = failing(failure(503, '1'));
    const seen = watchRetryAt('t-3');
    expect(await acceptChat({ conversationId: 't-3', source: 'page-event' })).toBe('pending');
    expect((posts[1] ?? 0) - (posts[0] ?? 0)).toBeGreaterThanOrEqual(990);
    // Written when the wait began (the storage event may arrive a little later under load).
    expect((seen[0]?.retryAt ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(800);
  });

  it('429 is rate limiting: with a Retry-After past the budget it fails at once, named, with the wait', async () => {
    await signedInWorker({ startBudgetMs: 30_000 });
    invalidateSettings();
    const { posts } = failing(failure(429, '120'));
    const started = Date.now();
    expect(await acceptChat({ conversationId: 't-4', source: 'page-event' })).toBe('failed');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(posts).toHaveLength(1);
    const record = await getRecord('t-4');
    expect(record?.cause).toMatchObject({ code: 'rate-limited', retryAfterMs: 120_000 });
    expect(record?.cause?.detail).toMatch(/HTTP 429.*Retry-After 120 s/);
    // A 429 created nothing: no attempt is kept to be looked up.
    expect(record?.pendingExternalSessionId).toBeUndefined();
  });

  it('429 with a short Retry-After waits it out and starts, with no lookup (nothing was created)', async () => {
    const { posts, lookups } = failing(failure(429, '1'));
    expect(await acceptChat({ conversationId: 't-5', source: 'page-event' })).toBe('pending');
    expect((posts[1] ?? 0) - (posts[0] ?? 0)).toBeGreaterThanOrEqual(990);
    expect(lookups).toHaveLength(0);
    expect((await getRecord('t-5'))?.attempts[0]?.cause?.code).toBe('rate-limited');
  });

  it('failures that outlast the budget give up with the last transient cause, the attempt kept', async () => {
    await signedInWorker({ startBudgetMs: 1_000 });
    invalidateSettings();
    failing(failure(503), failure(503), failure(503), failure(503));
    expect(await acceptChat({ conversationId: 't-6', source: 'page-event' })).toBe('failed');
    const record = await getRecord('t-6');
    expect(record?.cause?.code).toBe('server-error');
    expect(record?.cause?.detail).toMatch(/would end after the start budget/);
    expect(record?.pendingExternalSessionId).toBeDefined(); // a 503's fate is unknown: Retry looks it up
  });

  it('500 is not transient: failed at once, one POST', async () => {
    const { posts } = failing(failure(500));
    expect(await acceptChat({ conversationId: 't-7', source: 'page-event' })).toBe('failed');
    expect(posts).toHaveLength(1);
    expect((await getRecord('t-7'))?.cause?.code).toBe('server-error');
  });
});

describe('a worker that dies while waiting', () => {
  it('resumes at retryAt, not before, and an alarm is set to wake it then', async () => {
    const now = Date.now();
    const retryAt = now + 800;
    await putRecord({
      conversationId: 't-8',
      state: 'starting',
      source: 'page-event',
      acceptedAt: now,
      updatedAt: now,
      chatEnded: false,
      retryAt,
      cause: { code: 'server-error', detail: 'HTTP 503' },
      attempts: [],
    });
    dropMirror();
    const { posts } = failing();
    await resumeAll();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toBeGreaterThanOrEqual(retryAt);
    expect((await fakeBrowser.alarms.get(RETRY_ALARM))?.scheduledTime).toBe(retryAt);
    expect(await getRecord('t-8')).toMatchObject({ state: 'pending', retryAt: undefined, cause: undefined });
  });
});
