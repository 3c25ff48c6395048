import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect, disconnect } from '../../src/background/account';
import { readIdentity } from '../../src/background/auth/identity';
import { forgetChangedAuth } from '../../src/background/auth/memos';
import { acceptChat, endChat, refreshFollowed, resumeAll } from '../../src/background/sessions/lifecycle';
import { dropMirror, getRecord, putRecord } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import { buildStatus } from '../../src/background/status';
import type { ConversationRecord } from '../../src/shared/records';
import { fakePlatform } from './helpers/fake-platform';
import { signedInWorker } from './helpers/worker-state';

// Issue 11, Identity 1–3 through the worker's runner: after Sign out nothing starts, follows or ends
// with a token; a different agent signing in gets nothing of the previous agent's. The platform counts
// every call; launchWebAuthFlow and fetch count every sign-in and token request.

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

let flows: URL[];
let tokenRequests: number;

beforeEach(async () => {
  fake = fakePlatform();
  invalidateSettings();
  dropMirror();
  await signedInWorker();
  flows = [];
  tokenRequests = 0;
  (globalThis.chrome as unknown as { identity: unknown }).identity = {
    getRedirectURL: (path: string) => `https://ext-id.chromiumapp.org/${path}`,
    launchWebAuthFlow: async ({ url }: { url: string }) => {
      const sent = new URL(url);
      flows.push(sent);
      return `https://ext-id.chromiumapp.org/callback?code=c&state=${sent.searchParams.get('state')}`;
    },
  };
  vi.stubGlobal('fetch', async () => {
    tokenRequests += 1;
    return Response.json({ access_token: `tok-${tokenRequests}`, token_type: 'bearer', expires_in: 3600 });
  });
});
afterEach(() => vi.unstubAllGlobals());

const GRACE = { id: 'agent-grace', name: 'Grace Hopper' };

function waiting(conversationId: string, extra: Partial<ConversationRecord> = {}): ConversationRecord {
  const now = Date.now();
  return {
    conversationId,
    state: 'needs-sign-in',
    source: 'page-event',
    userId: 'agent-ada',
    acceptedAt: now,
    updatedAt: now,
    chatEnded: false,
    attempts: [],
    ...extra,
  };
}

describe('Sign out is final', () => {
  it('a chat accepted after Sign out is recorded not-started (signed-out), with no sign-in, token request or POST', async () => {
    await disconnect();
    expect(await acceptChat({ conversationId: 'c-1', source: 'page-event' })).toBe('not-started');
    expect(await getRecord('c-1')).toMatchObject({
      state: 'not-started',
      cause: { code: 'signed-out' },
      attempts: [],
    });
    expect((await getRecord('c-1'))?.userId).toBeUndefined(); // nobody's yet: the Start binds it
    // Start (the popup's button) while still signed out does not sign in silently either.
    expect(await acceptChat({ conversationId: 'c-1', source: 'popup' }, true)).toBe('not-started');
    await resumeAll();
    expect(flows).toEqual([]);
    expect(tokenRequests).toBe(0);
    expect(fake.posts).toEqual([]);
  });

  it('starts waiting at Sign out are set aside as not-started and never start at the next sign-in by themselves', async () => {
    await putRecord(waiting('c-2'));
    await putRecord(waiting('c-3', { state: 'starting' }));
    await disconnect();
    expect(await getRecord('c-2')).toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
    expect(await getRecord('c-3')).toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
    await connect(); // the same agent signs in again
    await resumeAll();
    expect(fake.posts).toEqual([]);
    // …until the agent presses Start.
    expect(await acceptChat({ conversationId: 'c-2', source: 'popup' }, true)).toBe('pending');
    expect(fake.posts).toHaveLength(1);
  });

  it('the follow poll and a chat end after Sign out touch nothing on the platform', async () => {
    await acceptChat({ conversationId: 'c-4', source: 'page-event' });
    await disconnect();
    await refreshFollowed();
    await endChat('c-4');
    expect(fake.gets).toEqual([]);
    expect(fake.ended).toEqual([]);
    expect(flows).toEqual([]);
  });
});

describe('a different agent at the same desk', () => {
  it("records carry the accepting agent's id", async () => {
    await acceptChat({ conversationId: 'c-5', source: 'page-event' });
    expect(await getRecord('c-5')).toMatchObject({ userId: 'agent-ada', state: 'pending' });
  });

  it("agent B's sign-in sets A's waiting starts aside; B's token never starts, follows or ends A's", async () => {
    await acceptChat({ conversationId: 'c-6', source: 'page-event' }); // A's, pending
    await putRecord(waiting('c-7')); // A's, waiting for A's sign-in
    fake.signInAs(GRACE);
    expect(await connect()).toMatchObject({ ok: true, user: GRACE });
    await resumeAll();
    expect(await getRecord('c-7')).toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
    expect(fake.posts.map((p) => p.conversationId)).toEqual(['c-6']); // A's own POST, before B
    await refreshFollowed();
    await endChat('c-6');
    expect(fake.gets).toEqual([]);
    expect(fake.ended).toEqual([]);
    // Start on A's conversation by B (a forged popup message) is refused.
    await acceptChat({ conversationId: 'c-7', source: 'popup' }, true);
    expect(fake.posts).toHaveLength(1);
    // B's own chats start, bound to B.
    expect(await acceptChat({ conversationId: 'c-8', source: 'page-event' })).toBe('pending');
    expect(await getRecord('c-8')).toMatchObject({ userId: 'agent-grace' });
    expect(fake.posts.at(-1)).toMatchObject({ conversationId: 'c-8', user: { id: 'agent-grace' } });
  });

  it("a worker that died between B's sign-in and setting A's starts aside still never resumes them with B's token", async () => {
    await putRecord(waiting('c-13', { state: 'starting', userId: 'agent-grace' }));
    await resumeAll(); // Ada is bound; the record is Grace's
    expect(fake.posts).toEqual([]);
    expect(await getRecord('c-13')).toMatchObject({ state: 'not-started', cause: { code: 'signed-out' } });
  });

  it("the popup lists only the signed-in agent's rows (and unowned ones accepted while signed out)", async () => {
    await acceptChat({ conversationId: 'c-9', source: 'page-event' }); // A's
    await disconnect();
    await acceptChat({ conversationId: 'c-10', source: 'page-event' }); // nobody's
    fake.signInAs(GRACE);
    await connect();
    await acceptChat({ conversationId: 'c-11', source: 'page-event' }); // B's
    const status = await buildStatus();
    expect(status.conversations.map((r) => r.conversationId).sort()).toEqual(['c-10', 'c-11']);
    expect(status).toMatchObject({ signedIn: true, signedOut: false, user: GRACE });
  });

  it('after Sign out the next interactive sign-in asks for a fresh login', async () => {
    await disconnect();
    await connect();
    expect(flows.at(-1)?.searchParams.get('prompt')).toBe('login');
  });
});

describe('the identity kept in worker memory', () => {
  it('Sign out is seen by the very next read and accept, before any storage event drops the copy', async () => {
    expect(await readIdentity()).toMatchObject({ userId: 'agent-ada', signedOut: false });
    // The worker's storage.onChanged (index.ts) comes a task later; here it does not come at all.
    fakeBrowser.storage.onChanged.removeListener(forgetChangedAuth);
    await disconnect();
    expect(await readIdentity()).toMatchObject({ userId: 'agent-ada', signedOut: true });
    expect(await acceptChat({ conversationId: 'c-memo', source: 'page-event' })).toBe('not-started');
    expect(flows).toEqual([]);
  });

  it('a change anyone else makes to storage.local identity is read afresh', async () => {
    expect(await readIdentity()).toMatchObject({ userId: 'agent-ada' });
    await fakeBrowser.storage.local.remove('identity');
    expect(await readIdentity()).toBeNull();
  });
});

describe('status', () => {
  it('says signed out (final) after Sign out; before any sign-in only "not signed in" (starts wait)', async () => {
    expect(await buildStatus()).toMatchObject({ signedIn: true, signedOut: false });
    await disconnect();
    expect(await buildStatus()).toMatchObject({ signedIn: false, signedOut: true });
    await fakeBrowser.storage.local.remove('identity');
    expect(await buildStatus()).toMatchObject({ signedIn: false, signedOut: false });
  });

  it('before the first sign-in an accepted chat waits in needs-sign-in, with no silent sign-in', async () => {
    await fakeBrowser.storage.local.remove('identity');
    await fakeBrowser.storage.session.remove('auth');
    expect(await acceptChat({ conversationId: 'c-12', source: 'page-event' })).toBe('needs-sign-in');
    expect(flows).toEqual([]);
    await connect();
    await resumeAll();
    expect(await getRecord('c-12')).toMatchObject({ state: 'pending', userId: 'agent-ada' });
  });
});
