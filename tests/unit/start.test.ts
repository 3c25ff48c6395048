import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptChat, endChat, refreshFollowed, resumeAll } from '../../src/background/sessions/lifecycle';
import { dropMirror, getRecord, putRecord } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import { fakePlatform, httpError } from './helpers/fake-platform';
import { signedInWorker } from './helpers/worker-state';

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeEach(async () => {
  fake = fakePlatform();
  invalidateSettings();
  dropMirror();
  await signedInWorker();
});

describe('starting a session on accept', () => {
  it('posts once with a fresh UUID v4 and the signed-in agent, and records pending', async () => {
    expect(await acceptChat({ conversationId: 'c-1', source: 'page-event', tabId: 3 })).toBe('pending');
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]).toMatchObject({ conversationId: 'c-1', user: { id: 'agent-ada' } });
    expect(fake.posts[0]?.externalSessionId).toMatch(UUID_V4);
    const record = await getRecord('c-1');
    expect(record).toMatchObject({
      state: 'pending',
      sessionId: 's-1',
      tabId: 3,
      pendingExternalSessionId: undefined,
    });
    expect(record?.attempts[0]).toMatchObject({ httpStatus: 201 });
  });

  it('starts exactly one session for duplicate accepts from both sources and several tabs', async () => {
    await Promise.all([
      acceptChat({ conversationId: 'c-2', source: 'page-event', tabId: 1 }),
      acceptChat({ conversationId: 'c-2', source: 'dom-rule', tabId: 1 }),
      acceptChat({ conversationId: 'c-2', source: 'page-event', tabId: 2 }),
      acceptChat({ conversationId: 'c-2', source: 'dom-rule', tabId: 2 }),
    ]);
    await acceptChat({ conversationId: 'c-2', source: 'page-event', tabId: 1 });
    expect(fake.posts).toHaveLength(1);
    expect(fake.sessions).toHaveLength(1);
  });

  it('after a response lost in transit, looks the attempt up and adopts it instead of posting again', async () => {
    fake = fakePlatform(['lost-after-create']);
    expect(await acceptChat({ conversationId: 'c-3', source: 'page-event' })).toBe('pending');
    expect(fake.posts).toHaveLength(1);
    expect(fake.sessions).toHaveLength(1);
  });

  it('after a network error with nothing created, retries with a new externalSessionId', async () => {
    fake = fakePlatform(['network']);
    expect(await acceptChat({ conversationId: 'c-4', source: 'page-event' })).toBe('pending');
    expect(fake.posts).toHaveLength(2);
    expect(fake.posts[0]?.externalSessionId).not.toBe(fake.posts[1]?.externalSessionId);
  });

  it('explains a generic 400 with the diagnosed cause and does not retry it', async () => {
    fake = fakePlatform([400]);
    fake.diagnoseAs({ code: 'no-user-in-token' });
    expect(await acceptChat({ conversationId: 'c-5', source: 'page-event' })).toBe('failed');
    expect(fake.posts).toHaveLength(1);
    const record = await getRecord('c-5');
    expect(record?.cause?.code).toBe('no-user-in-token');
    expect(record?.attempts[0]).toMatchObject({
      httpStatus: 400,
      contextId: 'ctx-1',
      cause: { code: 'no-user-in-token' },
    });
  });

  it('a 400 whose lookup is refused too (a userless token lists nothing) still ends diagnosed, never stuck', async () => {
    fake = fakePlatform([400]);
    fake.diagnoseAs({ code: 'no-user-in-token' });
    fake.platform.findAttempt = async () => {
      throw httpError(400, { errors: [{ code: 'user_context_required', message: 'x' }], contextId: 'ctx-2' });
    };
    expect(await acceptChat({ conversationId: 'c-5b', source: 'page-event' })).toBe('failed');
    expect(fake.posts).toHaveLength(1);
    expect((await getRecord('c-5b'))?.cause?.code).toBe('no-user-in-token');
  });

  it('leaves starting to the popup when auto-start is off, and Retry makes a new attempt', async () => {
    await signedInWorker({ autoStart: false });
    invalidateSettings();
    expect(await acceptChat({ conversationId: 'c-6', source: 'page-event', tabId: 4 })).toBe(
      'waiting-for-click',
    );
    expect(fake.posts).toHaveLength(0);
    expect(await acceptChat({ conversationId: 'c-6', source: 'popup' }, true)).toBe('pending');
    expect(fake.posts).toHaveLength(1);
  });

  it('waits in needs-sign-in when there is no token and silent sign-in is impossible', async () => {
    await fakeBrowser.storage.session.clear();
    vi.spyOn(chrome.identity, 'getRedirectURL').mockReturnValue('https://id.chromiumapp.org/callback');
    vi.spyOn(chrome.identity, 'launchWebAuthFlow').mockRejectedValue(new Error('User interaction required.'));
    expect(await acceptChat({ conversationId: 'c-7', source: 'page-event' })).toBe('needs-sign-in');
    expect(fake.posts).toHaveLength(0);
  });
});

describe('the accept path: the attempt is handed to storage before the POST, stored before its answer is used', () => {
  it('issues the record write first, posts while it is being stored, and records pending only after', async () => {
    const order: string[] = [];
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      const key = Object.keys(items)[0] ?? '';
      if (!key.startsWith('conv:')) return realSet(items);
      const state = ((items as Record<string, unknown>)[key] as { state?: string } | undefined)?.state;
      order.push(`set ${key} ${state} issued`);
      // The first write (the attempt) is held: the POST must not wait for it to be stored.
      if (state === 'starting') await held;
      await realSet(items);
      order.push(`set ${key} ${state} stored`);
    });
    const start = fake.platform.start;
    fake.platform.start = async (api, request) => {
      order.push('POST');
      return start(api, request);
    };
    try {
      const accepted = acceptChat({ conversationId: 'c-w', source: 'page-event' });
      await vi.waitFor(() => expect(order).toContain('POST'));
      expect(order).toEqual(['set conv:c-w starting issued', 'POST']);
      release();
      expect(await accepted).toBe('pending');
      expect(order).toEqual([
        'set conv:c-w starting issued',
        'POST',
        'set conv:c-w starting stored',
        'set conv:c-w pending issued',
        'set conv:c-w pending stored',
      ]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('resuming and ending', () => {
  it('resumes a start the worker died in: looks up the unanswered attempt before posting', async () => {
    const created = await fake.platform.start({} as never, {
      conversationId: 'c-8',
      externalSessionId: '8d0c5b0e-54f5-4a8e-9a51-5f8f1f3a3b11',
      user: { id: 'agent-ada', name: 'Ada' },
    });
    const now = Date.now();
    await putRecord({
      conversationId: 'c-8',
      state: 'starting',
      source: 'page-event',
      acceptedAt: now,
      updatedAt: now,
      chatEnded: false,
      pendingExternalSessionId: created.externalSessionId,
      attempts: [{ externalSessionId: created.externalSessionId ?? '', startedAt: now, timings: {} }],
    });
    dropMirror();
    await resumeAll();
    expect(fake.posts).toHaveLength(1); // only the one made above, before the "crash"
    expect(await getRecord('c-8')).toMatchObject({ state: 'pending', sessionId: created.id });
  });

  it('ends the session with DELETE when the chat ends', async () => {
    await acceptChat({ conversationId: 'c-9', source: 'page-event' });
    await endChat('c-9');
    expect(fake.ended).toEqual(['s-1']);
    expect(await getRecord('c-9')).toMatchObject({
      state: 'ended',
      endReason: 'agent-ended',
      chatEnded: true,
    });
  });
});

describe('answers we cannot read', () => {
  it('a 2xx whose body does not parse is looked up before it is called failed', async () => {
    const { SchemaValidationError } = await import('ky');
    fake = fakePlatform();
    const original = fake.platform.start;
    fake.platform.start = async (api, request) => {
      await original(api, request); // the platform created it…
      throw new SchemaValidationError([{ message: 'id: expected string' }]); // …but the answer was garbage
    };
    expect(await acceptChat({ conversationId: 'c-10', source: 'page-event' })).toBe('pending');
    expect(fake.sessions).toHaveLength(1);
  });

  it('a 2xx whose body does not parse, with nothing created, fails as bad-response', async () => {
    const { SchemaValidationError } = await import('ky');
    fake = fakePlatform();
    fake.platform.start = async () => {
      throw new SchemaValidationError([{ message: 'id: expected string' }]);
    };
    expect(await acceptChat({ conversationId: 'c-11', source: 'page-event' })).toBe('failed');
    expect((await getRecord('c-11'))?.cause?.code).toBe('bad-response');
  });
});

describe('stale work and sessions the platform forgot', () => {
  const DAY = 86_400_000;
  async function stored(state: 'starting' | 'needs-sign-in' | 'pending' | 'active', age: number, extra = {}) {
    const at = Date.now() - age;
    await putRecord({
      conversationId: `old-${state}`,
      state,
      source: 'page-event',
      acceptedAt: at,
      updatedAt: at,
      chatEnded: false,
      attempts: [],
      ...extra,
    });
    dropMirror();
    return `old-${state}`;
  }

  it('a start waiting for three days is expired at the next wake-up, never POSTed', async () => {
    const id = await stored('starting', 3 * DAY);
    const signIn = await stored('needs-sign-in', 3 * DAY);
    await resumeAll();
    expect(fake.posts).toHaveLength(0);
    for (const c of [id, signIn])
      expect(await getRecord(c)).toMatchObject({ state: 'ended', endReason: 'expired-before-start' });
  });

  it('the bound is a setting: a 10-minute-old start still goes out under the default 15 minutes, not under 5', async () => {
    const id = await stored('starting', 10 * 60_000);
    await resumeAll();
    expect(fake.posts).toHaveLength(1);
    expect((await getRecord(id))?.state).toBe('pending');
    await signedInWorker({ staleStartMinutes: 5 });
    invalidateSettings();
    const again = await stored('needs-sign-in', 10 * 60_000);
    await resumeAll();
    expect(fake.posts).toHaveLength(1);
    expect((await getRecord(again))?.endReason).toBe('expired-before-start');
  });

  it('a session the platform answers 404 for while followed ends as no longer on the platform', async () => {
    const id = await stored('active', 60_000, { sessionId: 's-404' });
    await refreshFollowed();
    await refreshFollowed();
    expect(await getRecord(id)).toMatchObject({ state: 'ended', endReason: 'no-longer-on-platform' });
  });

  it('a DELETE answered 404 ends the record once, with no endless retries', async () => {
    const id = await stored('pending', 60_000, { sessionId: 's-404' });
    await endChat(id);
    expect(fake.ended).toEqual(['s-404']);
    expect(await getRecord(id)).toMatchObject({ state: 'ended', endReason: 'no-longer-on-platform' });
    await refreshFollowed();
    await endChat(id);
    expect(fake.ended).toEqual(['s-404']);
  });
});

describe('the records mirror (parsed on first use)', () => {
  it('a stored record its schema refuses, or stored under another id, is ignored with a warning; the rest is read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await acceptChat({ conversationId: 'ok-1', source: 'page-event' });
    const good = await getRecord('ok-1');
    await fakeBrowser.storage.local.set({
      'conv:bad-1': { conversationId: 'bad-1', state: 'starting' },
      'conv:other-1': { ...good, conversationId: 'ok-2' },
    });
    dropMirror();
    const { allRecords } = await import('../../src/background/sessions/records');
    expect((await allRecords()).map((r) => r.conversationId)).toEqual(['ok-1']);
    expect(await getRecord('bad-1')).toBeUndefined();
    expect(await getRecord('other-1')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('conv:bad-1'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('conv:other-1: it names conversation ok-2'));
    warn.mockRestore();
  });

  it('allRecords(states) returns only the records in those states', async () => {
    const started = await acceptChat({ conversationId: 'w-1', source: 'page-event' });
    expect(started).toBe('pending');
    const pending = await getRecord('w-1');
    // Left as a worker that died after its write: starting, with the attempt to look up.
    await fakeBrowser.storage.local.set({
      'conv:w-2': {
        ...pending,
        conversationId: 'w-2',
        state: 'starting',
        sessionId: undefined,
        pendingExternalSessionId: 'x-2',
      },
    });
    dropMirror();
    const { allRecords } = await import('../../src/background/sessions/records');
    expect((await allRecords(new Set(['starting']))).map((r) => r.conversationId)).toEqual(['w-2']);
    expect((await allRecords(new Set(['pending']))).map((r) => r.conversationId)).toEqual(['w-1']);
    expect((await allRecords()).map((r) => r.conversationId).sort()).toEqual(['w-1', 'w-2']);
  });
});
