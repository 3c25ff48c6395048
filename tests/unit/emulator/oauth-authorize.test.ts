import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import { authorizeUrl, signIn, start } from './helpers';

let emu: Emulator;
let cookie: string;
beforeAll(async () => {
  emu = await start();
  cookie = await signIn(emu);
});
afterAll(() => emu.close());

const get = (url: string, withCookie = true) =>
  fetch(url, { redirect: 'manual', headers: withCookie ? { cookie } : {} });

/** The query of the 302's Location, after checking it goes back to the registered redirect URI. */
async function redirectedTo(res: Response): Promise<URLSearchParams> {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(emu.redirectUri);
  return location.searchParams;
}

describe('GET /oauth/authorize', () => {
  it('shows the sign-in page with a demo agent picker when nobody is signed in', async () => {
    const res = await get(authorizeUrl(emu), false);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Ada Lovelace');
    expect(page).toContain('Grace Hopper');
    expect(page).toContain('action="/oauth/signin"');
  });

  it('signing in sets a session cookie and returns to the same authorize request', async () => {
    const original = new URL(authorizeUrl(emu));
    const res = await fetch(`${emu.url}/oauth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ agent: 'agent-grace', query: original.search.slice(1) }),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/^emu_sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(res.headers.get('location')).toBe(`/oauth/authorize${original.search}`);
  });

  it('refuses to sign in an unknown agent', async () => {
    const res = await fetch(`${emu.url}/oauth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ agent: 'agent-mallory', query: '' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('with the cookie, redirects at once with a code and the echoed state', async () => {
    const params = await redirectedTo(await get(authorizeUrl(emu, { state: 'abc/+= 1' })));
    expect(params.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBe('abc/+= 1');
  });

  it.each([
    ['an unknown client', () => ({ client_id: 'nobody' }), 'Unknown client'],
    ['no client', () => ({ client_id: null }), 'Unknown client'],
    [
      'an unregistered redirect URI',
      () => ({ redirect_uri: 'https://evil.example/callback' }),
      'Invalid redirect URI',
    ],
    ['a longer path', () => ({ redirect_uri: `${emu.redirectUri}/x` }), 'Invalid redirect URI'],
    ['no redirect URI', () => ({ redirect_uri: null }), 'Invalid redirect URI'],
  ])('shows an error page and never redirects for %s', async (_name, overrides, title) => {
    const res = await get(authorizeUrl(emu, overrides()));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(title);
  });

  it('refuses a missing state, back to the redirect URI without a state', async () => {
    const params = await redirectedTo(await get(authorizeUrl(emu, { state: null })));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(/state/);
    expect(params.has('state')).toBe(false);
    expect(params.has('code')).toBe(false);
  });

  it.each([
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request', /S256/],
    ['a missing challenge method', { code_challenge_method: null }, 'invalid_request', /S256/],
    ['a missing code challenge', { code_challenge: null }, 'invalid_request', /code_challenge/],
    ['a challenge that is not a SHA-256', { code_challenge: 'short' }, 'invalid_request', /code_challenge/],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', /code/],
    ['an unknown scope', { scope: 'cobrowse:write admin' }, 'invalid_scope', /scope/],
  ])('refuses %s with error=%s and the state echoed', async (_name, overrides, error, description) => {
    const params = await redirectedTo(await get(authorizeUrl(emu, overrides)));
    expect(params.get('error')).toBe(error);
    expect(params.get('error_description')).toMatch(description);
    expect(params.get('state')).toBe('state-123');
    expect(params.has('code')).toBe(false);
  });

  it('refuses a repeated parameter', async () => {
    const params = await redirectedTo(await get(`${authorizeUrl(emu)}&state=again`));
    expect(params.get('error')).toBe('invalid_request');
  });

  it('answers prompt=none without a sign-in with login_required instead of a page', async () => {
    const params = await redirectedTo(await get(authorizeUrl(emu, { prompt: 'none' }), false));
    expect(params.get('error')).toBe('login_required');
    expect(params.get('state')).toBe('state-123');
  });

  it('prompt=login shows the sign-in page despite the cookie; the form comes back without it, once', async () => {
    const fresh = authorizeUrl(emu, { prompt: 'login' });
    const page = await get(fresh);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/oauth/signin"');
    const back = await fetch(`${emu.url}/oauth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ agent: 'agent-grace', query: new URL(fresh).search.slice(1) }),
      redirect: 'manual',
    });
    const location = back.headers.get('location') ?? '';
    expect(new URL(location, emu.url).searchParams.has('prompt')).toBe(false);
    const newCookie = (back.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const done = await fetch(new URL(location, emu.url), {
      headers: { cookie: newCookie },
      redirect: 'manual',
    });
    expect((await redirectedTo(done)).get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('checks PKCE parameters before showing the sign-in page', async () => {
    const params = await redirectedTo(
      await get(authorizeUrl(emu, { code_challenge_method: 'plain' }), false),
    );
    expect(params.get('error')).toBe('invalid_request');
  });

  it('signing out brings the sign-in page back', async () => {
    const own = await signIn(emu);
    await fetch(`${emu.url}/oauth/signout`, { headers: { cookie: own } });
    const res = await fetch(authorizeUrl(emu), { headers: { cookie: own }, redirect: 'manual' });
    expect(res.status).toBe(200);
  });
});

describe('authorize faults (for testing the client, RFC 6749 §10.12)', () => {
  it('redirectState: the redirect carries another state, the code and target unchanged', async () => {
    emu.injectFault('GET /oauth/authorize', { redirectState: 'forged' });
    const params = await redirectedTo(await get(authorizeUrl(emu)));
    expect(params.get('state')).toBe('forged');
    expect(params.get('code')).toBeTruthy();
    // One use only: the next authorize answers with the state it was sent.
    const next = await redirectedTo(await get(authorizeUrl(emu)));
    expect(next.get('state')).not.toBe('forged');
  });

  it('redirectUri: the redirect goes to another URI, keeping its query', async () => {
    emu.injectFault('GET /oauth/authorize', { redirectUri: 'https://evil.example/callback' });
    const res = await get(authorizeUrl(emu));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://evil.example/callback');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('leaves an answer that is not a redirect alone (the sign-in page)', async () => {
    emu.injectFault('GET /oauth/authorize', { redirectState: 'forged' });
    expect((await get(authorizeUrl(emu), false)).status).toBe(200);
  });
});
