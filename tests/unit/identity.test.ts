import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NeedsSignInError, SignedOutError, StartError } from '../../src/background/api/errors';
import { forgetHostPermissions } from '../../src/background/auth/host-permission';
import { s256 } from '../../src/background/auth/pkce';
import {
  dropTokenIfUnbound,
  ensureAuth,
  SILENT_TIMEOUT_MS,
  signIn,
  signOut,
} from '../../src/background/auth/sign-in';
import { invalidateSettings } from '../../src/background/settings';
import { grantedOrigins } from './setup';

// Issue 11, Identity 1, 2, 4 and 12 at the sign-in layer: what may mint or use a token, and when.
// A scripted authorization server: launchWebAuthFlow answers with `redirectFor`, fetch with the token
// endpoint and users/me. Every flow and every request is counted, so "nothing happened" is checked.
const BASE = 'http://127.0.0.1:9';
const REDIRECT = 'https://ext-id.chromiumapp.org/callback';

let flows: { url: URL; interactive?: boolean; abortOnLoadForNonInteractive?: boolean; timeout?: number }[];
let requests: string[];
let me: { id: string; name: string };
let duringFlow: () => Promise<void>;

beforeEach(async () => {
  flows = [];
  requests = [];
  me = { id: 'agent-ada', name: 'Ada Lovelace' };
  duringFlow = async () => {};
  invalidateSettings();
  (globalThis.chrome as unknown as { identity: unknown }).identity = {
    getRedirectURL: (path: string) => `https://ext-id.chromiumapp.org/${path}`,
    launchWebAuthFlow: vi.fn(async (details: Record<string, unknown>) => {
      const url = new URL(String(details.url));
      flows.push({
        url,
        interactive: details.interactive as boolean,
        abortOnLoadForNonInteractive: details.abortOnLoadForNonInteractive as boolean | undefined,
        timeout: details.timeoutMsForNonInteractive as number | undefined,
      });
      await duringFlow();
      return `${REDIRECT}?code=the-code&state=${url.searchParams.get('state')}`;
    }),
  };
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.origin}${url.pathname}`);
    if (url.pathname === '/oauth/token')
      return Response.json({
        access_token: `tok-${requests.length}`,
        token_type: 'bearer',
        expires_in: 3600,
      });
    if (url.pathname === '/api/v2/users/me') return Response.json(me);
    return new Response('not found', { status: 404 });
  });
  await configure(BASE, BASE);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function configure(authBaseUrl: string, apiBaseUrl: string) {
  await fakeBrowser.storage.sync.set({
    settings: { authBaseUrl, apiBaseUrl, clientId: 'demo', desktopUrlPatterns: [] },
  });
  invalidateSettings();
}

const token = async () =>
  (await fakeBrowser.storage.session.get('auth')).auth as { accessToken: string } | undefined;
const identity = async () => (await fakeBrowser.storage.local.get('identity')).identity;

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('it was allowed'),
    (e: unknown) => e,
  );
}

describe('the identity binding (storage.local, no secrets)', () => {
  it('an interactive sign-in binds the users/me id and both URLs; nothing secret is kept in storage.local', async () => {
    await signIn();
    expect(await identity()).toEqual({
      userId: 'agent-ada',
      name: 'Ada Lovelace',
      authBaseUrl: BASE,
      apiBaseUrl: BASE,
      signedOut: false,
    });
    const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(local).not.toContain((await token())?.accessToken);
    expect(local).not.toContain('verifier');
  });

  it('before any interactive sign-in, nothing mints a token silently (the start waits for the agent)', async () => {
    const error = await refusal(ensureAuth());
    expect(error).toBeInstanceOf(NeedsSignInError);
    expect(error).not.toBeInstanceOf(SignedOutError);
    expect(flows).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('Sign out is final (item 1)', () => {
  it('after Sign out, ensureAuth refuses without a flow or a request, even with the sign-in cookie alive', async () => {
    await signIn();
    await signOut();
    expect(await token()).toBeUndefined();
    expect(await identity()).toMatchObject({ userId: 'agent-ada', signedOut: true });
    flows = [];
    requests = [];
    const error = await refusal(ensureAuth());
    expect(error).toBeInstanceOf(SignedOutError);
    expect((error as Error).message).toContain('signed out');
    expect(flows).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('a silent renewal that was under way when the agent signed out stores nothing', async () => {
    await signIn();
    await fakeBrowser.storage.session.remove('auth'); // the token lapsed: the next use renews silently
    duringFlow = () => signOut().then(() => undefined);
    expect(await refusal(ensureAuth())).toBeInstanceOf(SignedOutError);
    expect(await token()).toBeUndefined();
  });
});

describe('another agent at the same desk (item 2)', () => {
  it('after Sign out the next interactive sign-in asks for a fresh login (prompt=login); the first one does not', async () => {
    await signIn();
    expect(flows[0]?.url.searchParams.has('prompt')).toBe(false);
    await signOut();
    me = { id: 'agent-grace', name: 'Grace Hopper' };
    const { auth, previous } = await signIn();
    expect(flows[1]?.url.searchParams.get('prompt')).toBe('login');
    expect(previous).toMatchObject({ userId: 'agent-ada' });
    expect(auth.user.id).toBe('agent-grace');
    expect(await identity()).toMatchObject({ userId: 'agent-grace', signedOut: false });
    // A fresh login is asked for once: the sign-in after that one is ordinary again.
    await signIn();
    expect(flows[2]?.url.searchParams.has('prompt')).toBe(false);
  });

  it('a silent renewal that comes back as another user is refused and not stored', async () => {
    await signIn();
    await fakeBrowser.storage.session.remove('auth');
    me = { id: 'agent-grace', name: 'Grace Hopper' }; // someone else signed in to the sign-in server
    const error = await refusal(ensureAuth());
    expect(error).toBeInstanceOf(SignedOutError);
    expect((error as Error).message).toContain('another user');
    expect(await token()).toBeUndefined();
  });
});

describe('a changed URL needs an interactive sign-in (item 4)', () => {
  it.each([
    ['API base URL', BASE, 'http://127.0.0.1:10'],
    ['sign-in base URL', 'http://127.0.0.1:10', BASE],
  ])(
    'changing the %s drops the token; nothing goes to the new host until the agent signs in',
    async (_n, auth, api) => {
      await signIn();
      await configure(auth, api);
      expect(await dropTokenIfUnbound()).toBe(true);
      expect(await token()).toBeUndefined();
      flows = [];
      requests = [];
      const error = await refusal(ensureAuth());
      expect(error).toBeInstanceOf(NeedsSignInError);
      expect((error as Error).message).toContain('URL changed');
      expect(flows).toEqual([]);
      expect(requests).toEqual([]);
      await signIn();
      expect(await ensureAuth()).toMatchObject({ environment: api });
    },
  );

  it('never sends a token, code or verifier to an origin without a host permission', async () => {
    await configure('https://login.example.com', 'https://api.example.com');
    grantedOrigins.add('https://login.example.com/*'); // the API origin was never granted
    const error = await refusal(signIn());
    expect(error).toBeInstanceOf(StartError);
    expect((error as StartError).reason).toMatchObject({ code: 'host-permission-missing' });
    expect((error as StartError).reason.detail).toContain('https://api.example.com/*');
    expect(flows).toEqual([]);
    expect(requests).toEqual([]);

    grantedOrigins.add('https://api.example.com/*');
    await signIn();
    // Revoked later (chrome://extensions): the browser tells the worker, which forgets what it saw.
    grantedOrigins.delete('https://api.example.com/*');
    // (fake-browser has no permissions.onRemoved: its listener's call, as index.ts wires it)
    forgetHostPermissions();
    requests = [];
    const later = await refusal(ensureAuth());
    expect((later as StartError).reason).toMatchObject({ code: 'host-permission-missing' });
    expect(requests).toEqual([]);
  });
});

describe('sign-in robustness (item 12)', () => {
  it('the silent flow waits for script redirects (abortOnLoadForNonInteractive false) for a bounded time', async () => {
    await signIn();
    await fakeBrowser.storage.session.remove('auth');
    await ensureAuth();
    const silent = flows.at(-1);
    expect(silent).toMatchObject({ interactive: false, abortOnLoadForNonInteractive: false });
    expect(silent?.timeout).toBe(SILENT_TIMEOUT_MS);
    // …and asks the server to answer at once when it would need the agent (prompt=none).
    expect(silent?.url.searchParams.get('prompt')).toBe('none');
    expect(SILENT_TIMEOUT_MS).toBeGreaterThanOrEqual(5_000);
    expect(SILENT_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it('Firefox gets only the keys its identity schema declares (url, interactive)', async () => {
    await signIn();
    await fakeBrowser.storage.session.remove('auth');
    vi.spyOn(chrome.runtime, 'getURL').mockReturnValue('moz-extension://0ca12f9c/');
    await ensureAuth();
    expect(flows.at(-1)).toMatchObject({ interactive: false });
    expect(flows.at(-1)?.abortOnLoadForNonInteractive).toBeUndefined();
    expect(flows.at(-1)?.timeout).toBeUndefined();
  });

  it('the verifier and state of a sign-in under way are in storage.session (not local), and used once', async () => {
    let pending: Record<string, { verifier: string }> = {};
    duringFlow = async () => {
      pending = (await fakeBrowser.storage.session.get('pendingSignIns')).pendingSignIns as typeof pending;
      expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('verifier');
    };
    await signIn();
    const sent = flows[0]?.url.searchParams;
    const entry = pending[sent?.get('state') ?? ''];
    expect(await s256(entry?.verifier ?? '')).toBe(sent?.get('code_challenge'));
    expect((await fakeBrowser.storage.session.get('pendingSignIns')).pendingSignIns).toEqual({});
  });

  it('a worker restarted mid-flow still has the verifier: the exchange reads it back from storage.session', async () => {
    // The in-memory copy is gone in a new worker; what the exchange sends is what storage.session holds.
    duringFlow = async () => {
      const { pendingSignIns } = await fakeBrowser.storage.session.get('pendingSignIns');
      for (const entry of Object.values(pendingSignIns as Record<string, { verifier: string }>))
        entry.verifier = 'v'.repeat(43);
      await fakeBrowser.storage.session.set({ pendingSignIns });
    };
    const bodies: string[] = [];
    const original = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === '/oauth/token') bodies.push(await request.clone().text());
      return original(request);
    });
    await signIn();
    expect(new URLSearchParams(bodies[0]).get('code_verifier')).toBe('v'.repeat(43));
  });
});
