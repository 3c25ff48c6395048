import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NeedsSignInError, StartError } from '../../src/background/api/errors';
import { s256 } from '../../src/background/auth/pkce';
import { ensureAuth, signIn } from '../../src/background/auth/sign-in';
import { boundIdentity } from './helpers/worker-state';

// signIn against a scripted authorization server: what launchWebAuthFlow returns (the redirect) and
// what the token and users/me endpoints answer. RFC 6749 §10.12 / RFC 9700 §4.7: a redirect whose
// `state` is not the one sent must be refused, before the code is ever exchanged.
const BASE = 'http://127.0.0.1:9';
const REDIRECT = 'https://ext-id.chromiumapp.org/callback';

let authorizeUrl: URL | undefined;
let redirectFor: (sent: URLSearchParams) => string;
let tokenBodies: URLSearchParams[];
let tokenAnswer: () => Response;

beforeEach(async () => {
  authorizeUrl = undefined;
  tokenBodies = [];
  tokenAnswer = () => Response.json({ access_token: 'tok', token_type: 'bearer', expires_in: 3600 });
  redirectFor = (sent) => `${REDIRECT}?code=the-code&state=${sent.get('state')}`;
  (globalThis.chrome as unknown as { identity: unknown }).identity = {
    getRedirectURL: (path: string) => `https://ext-id.chromiumapp.org/${path}`,
    launchWebAuthFlow: vi.fn(async ({ url }: { url: string }) => {
      authorizeUrl = new URL(url);
      return redirectFor(authorizeUrl.searchParams);
    }),
  };
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === '/oauth/token') {
      tokenBodies.push(new URLSearchParams(await request.text()));
      return tokenAnswer();
    }
    if (path === '/api/v2/users/me') return Response.json({ id: 'agent-ada', name: 'Ada Lovelace' });
    return new Response('not found', { status: 404 });
  });
  await fakeBrowser.storage.sync.set({
    settings: { authBaseUrl: BASE, apiBaseUrl: BASE, clientId: 'demo', desktopUrlPatterns: [] },
  });
});
afterEach(() => vi.unstubAllGlobals());

const stored = async () => (await fakeBrowser.storage.session.get('auth')).auth;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.unreachable('sign-in was accepted'),
    (e: unknown) => e,
  );
  return error;
}

describe('signIn (authorization code + PKCE)', () => {
  it('sends the verifier of the challenge it sent, with the code and the same redirect_uri, and stores the token', async () => {
    const { auth } = await signIn();
    const sent = authorizeUrl?.searchParams ?? expect.unreachable('no authorize URL');
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('state')).toMatch(/.{16,}/);
    expect(tokenBodies).toHaveLength(1);
    const body = tokenBodies[0] ?? expect.unreachable('no token request');
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code')).toBe('the-code');
    expect(body.get('redirect_uri')).toBe(sent.get('redirect_uri'));
    expect(body.get('client_id')).toBe('demo');
    const verifier = body.get('code_verifier') ?? expect.unreachable('no code_verifier sent');
    expect(await s256(verifier)).toBe(sent.get('code_challenge'));
    expect(auth).toMatchObject({ accessToken: 'tok', user: { id: 'agent-ada' } });
    expect(await stored()).toMatchObject({ accessToken: 'tok' });
  });

  it.each([
    ['another state', (sent: URLSearchParams) => `${REDIRECT}?code=c&state=x${sent.get('state')}`],
    ['no state', () => `${REDIRECT}?code=c`],
    ['an empty state', () => `${REDIRECT}?code=c&state=`],
  ])('refuses a redirect with %s, before exchanging the code', async (_name, redirect) => {
    redirectFor = redirect;
    const error = await refusal(signIn());
    expect(error).toBeInstanceOf(StartError);
    expect((error as StartError).reason).toMatchObject({ code: 'sign-in-failed' });
    expect((error as StartError).reason.detail).toMatch(/state/);
    expect(tokenBodies).toHaveLength(0);
    expect(await stored()).toBeUndefined();
  });

  it('names the authorization server error (interactive) and asks for the agent (silent)', async () => {
    redirectFor = (sent) => `${REDIRECT}?error=access_denied&state=${sent.get('state')}`;
    const loud = await refusal(signIn());
    expect(loud).toBeInstanceOf(StartError);
    expect((loud as StartError).reason).toMatchObject({ code: 'sign-in-failed' });
    expect((loud as StartError).reason.detail).toContain('access_denied');
    await fakeBrowser.storage.local.set({ identity: boundIdentity({ authBaseUrl: BASE, apiBaseUrl: BASE }) });
    const silent = await refusal(ensureAuth());
    expect(silent).toBeInstanceOf(NeedsSignInError);
    expect(tokenBodies).toHaveLength(0);
    expect(await stored()).toBeUndefined();
  });

  it('refuses a redirect without a code', async () => {
    redirectFor = (sent) => `${REDIRECT}?state=${sent.get('state')}`;
    const error = await refusal(signIn());
    expect((error as StartError).reason).toMatchObject({ code: 'sign-in-failed' });
    expect((error as StartError).reason.detail).toMatch(/code/);
    expect(tokenBodies).toHaveLength(0);
    expect(await stored()).toBeUndefined();
  });

  it('stores nothing when the token endpoint refuses the code', async () => {
    tokenAnswer = () => Response.json({ error: 'invalid_grant' }, { status: 400 });
    await refusal(signIn());
    expect(tokenBodies).toHaveLength(1);
    expect(await stored()).toBeUndefined();
  });

  it('stores nothing when the token answer is not a bearer token', async () => {
    tokenAnswer = () => Response.json({ access_token: 'tok', token_type: 'mac', expires_in: 3600 });
    await refusal(signIn());
    expect(await stored()).toBeUndefined();
  });
});
